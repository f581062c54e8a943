"""The start-up decisions that need no pywikibot: which wiki the one-dash args choose, and
which api.php the start-up probe names."""

from __future__ import annotations

from types import SimpleNamespace

from ldwg_bot.wiki.startup import api_to_probe, explicit_site, readonly_family


def config(api: str = "") -> SimpleNamespace:
    return SimpleNamespace(site=SimpleNamespace(api=api, family="devwiki", code="en"))


def test_explicit_site_is_any_of_pywikibots_three_choosers():
    assert all(explicit_site([a]) for a in ("-family:wikipedia", "-lang:es", "-site:wikipedia:es"))
    assert not explicit_site(["-simulate", "-always", "-user:LdwgBot"])


def test_the_probe_names_the_api_the_run_will_use():
    api = "http://127.0.0.1:9/w/api.php"
    assert api_to_probe(["-lang:es"], config(api), None) == ""  # pywikibot's choice
    assert api_to_probe([], None, api) == api  # read-only --api
    assert api_to_probe([], config(api), None) == api  # site.api
    assert api_to_probe([], None, None) == ""


def test_readonly_family_is_stable_and_per_url():
    assert readonly_family("http://a/api.php") == readonly_family("http://a/api.php")
    assert readonly_family("http://a/api.php") != readonly_family("http://b/api.php")
    assert readonly_family("http://a/api.php").startswith("ro")
