"""The fault matrix: each fault ends with a clear message, nothing partial or
blanked, no human text lost, and a re-run that completes.

Faults MediaWiki produces itself are produced for real (read-only wiki, rate
limit, protection, deletion, a killed server); the rest (HTTP 500/503,
maxlag, an expired token) come from a loopback proxy in front of the wiki.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest

from ldwg_bot.errors import WikiError
from ldwg_bot.text import markers
from ldwg_bot.wiki import Wiki
from tests.conftest import register_with_pywikibot
from tests.faultproxy import FaultProxy, api_error, is_edit

pytestmark = pytest.mark.integration

HUMAN = "Words a human wrote.\n\n"


@pytest.fixture(scope="module")
def faultwiki(devwiki_factory):
    """A wiki of its own: these tests change its settings and kill its server."""
    return devwiki_factory(name="faults", seed=False)


def seed_page(wiki, title: str) -> None:
    wiki.client("Nadia K").edit(title, text=HUMAN + markers.wrap("box", "v1") + "\n\nHuman footer.\n")


def assert_intact(wiki, title: str, box: str = "v1") -> None:
    text = wiki.client().page_text(title)
    assert text.startswith(HUMAN.strip()) and text.rstrip().endswith("Human footer.")
    assert markers.get_section(text, "box") == f"\n{box}\n"


def direct(wiki) -> Wiki:
    return Wiki.connect(wiki.family, wiki.family, api_url=wiki.api_url, user="LdwgBot")


def through(proxy: FaultProxy, wiki) -> Wiki:
    family = f"proxy{proxy.port}"
    register_with_pywikibot(wiki, family)
    return Wiki.connect(family, family, api_url=proxy.api_url, user="LdwgBot")


@contextlib.contextmanager
def faulty_edits(wiki, title: str, **fault) -> Iterator[tuple[Wiki, FaultProxy]]:
    """``title`` seeded, and the bot talking to ``wiki`` through a proxy whose edits meet ``fault``."""
    seed_page(wiki, title)
    with FaultProxy(wiki.url) as proxy:
        proxy.add(is_edit, **fault)
        yield through(proxy, wiki), proxy


@pytest.mark.parametrize("status", [500, 503])
def test_http_errors_are_retried_then_succeed(faultwiki, status):
    title = f"Fault/http {status} transient"
    with faulty_edits(faultwiki, title, times=1, status=status, headers={"Retry-After": "1"}) as (
        bot,
        _proxy,
    ):
        assert bot.save_section(title, "box", "v2", "test").saved
    assert_intact(faultwiki, title, "v2")


@pytest.mark.parametrize("status", [500, 503])
def test_persistent_http_errors_fail_clearly_and_write_nothing(faultwiki, status):
    title = f"Fault/http {status} persistent"
    with faulty_edits(faultwiki, title, times=20, status=status, headers={"Retry-After": "1"}) as (
        bot,
        _proxy,
    ):
        with pytest.raises(WikiError) as info:
            bot.save_section(title, "box", "v2", "test")
    assert title in str(info.value) and "\n" not in str(info.value)
    assert_intact(faultwiki, title)
    assert direct(faultwiki).save_section(title, "box", "v2", "test").saved  # the re-run


def test_maxlag_waits_then_succeeds(faultwiki):
    title = "Fault/maxlag"
    lagged = api_error("maxlag", "Waiting for 10.0.0.1: 7 seconds lagged", host="db1", lag=7)
    with faulty_edits(
        faultwiki, title, times=1, body=lagged, headers={"Retry-After": "1", "X-Database-Lag": "7"}
    ) as (bot, proxy):
        assert bot.save_section(title, "box", "v2", "test").saved
        edits = [p for m, _path, p in proxy.requests if is_edit(m, p)]
        assert len(edits) == 2 and edits[0]["maxlag"] == "5"
    assert_intact(faultwiki, title, "v2")


def test_expired_token_is_refreshed(faultwiki):
    title = "Fault/badtoken"
    expired = api_error("badtoken", "Invalid CSRF token.")
    with faulty_edits(faultwiki, title, times=1, body=expired) as (bot, _proxy):
        assert bot.save_section(title, "box", "v2", "test").saved
    assert_intact(faultwiki, title, "v2")


def test_dropped_connection_fails_clearly(faultwiki):
    title = "Fault/dropped"
    with faulty_edits(faultwiki, title, times=20, drop=True) as (bot, _proxy):
        with pytest.raises(WikiError):
            bot.save_section(title, "box", "v2", "test")
    assert_intact(faultwiki, title)


def _setting(wiki, name: str, php: str | None) -> None:
    path = wiki.dir / "settings.d" / f"90-{name}.php"
    if php is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text("<?php\n" + php + "\n")


@pytest.mark.parametrize("logged_in", [True, False], ids=["logged-in", "before-login"])
def test_read_only_wiki(faultwiki, logged_in):
    """Read-only is named as the cause, whether the bot had logged in before the wiki went
    read-only or must log in on it (a read-only wiki refuses the login as well)."""
    title = f"Fault/readonly {logged_in}"
    seed_page(faultwiki, title)
    bot = direct(faultwiki)
    if logged_in:
        bot.login()
    else:
        bot.site.logout()
    _setting(faultwiki, "readonly", "$wgReadOnly = 'Database maintenance (test)';")
    try:
        with pytest.raises(WikiError, match=r"read-only \(Database maintenance \(test\)\); nothing written"):
            bot.save_section(title, "box", "v2", "test")
    finally:
        _setting(faultwiki, "readonly", None)
    assert_intact(faultwiki, title)
    assert direct(faultwiki).save_section(title, "box", "v2", "test").saved


def test_rate_limited(faultwiki):
    title = "Fault/ratelimit"
    seed_page(faultwiki, title)
    one_edit = faultwiki.core.edit_rate_hits  # 1.43 counts an API edit twice
    _setting(
        faultwiki,
        "ratelimit",
        "$wgGroupPermissions['bot']['noratelimit'] = false;\n"
        f"$wgRateLimits['edit']['user'] = [ {one_edit}, 600 ];",
    )
    try:
        bot = direct(faultwiki)
        bot.save_section("Fault/ratelimit other", "box", "spend the one allowed edit", "test")
        with pytest.raises(WikiError, match="ratelimited|rate limit"):
            bot.save_section(title, "box", "v2", "test")
    finally:
        _setting(faultwiki, "ratelimit", None)
    assert_intact(faultwiki, title)
    assert direct(faultwiki).save_section(title, "box", "v2", "test").saved


def test_page_deleted_between_read_and_write(faultwiki, monkeypatch):
    title = "Fault/deleted"
    seed_page(faultwiki, title)
    admin = faultwiki.client("Admin")
    original = Wiki._submit_edit

    def delete_first(self, *args):
        admin.post(action="delete", title=title, reason="test", token=admin.token())
        return original(self, *args)

    monkeypatch.setattr(Wiki, "_submit_edit", delete_first)
    with pytest.raises(WikiError, match="deleted while the bot worked"):
        direct(faultwiki).save_section(title, "box", "v2", "test")
    assert faultwiki.client().page_text(title) is None  # not recreated behind the admin's back


def test_server_killed_mid_run(faultwiki, monkeypatch):
    title = "Fault/killed"
    seed_page(faultwiki, title)
    original = Wiki._submit_edit

    def kill_first(self, *args):
        faultwiki.stop()
        return original(self, *args)

    monkeypatch.setattr(Wiki, "_submit_edit", kill_first)
    bot = direct(faultwiki)
    try:
        with pytest.raises(WikiError) as info:
            bot.save_section(title, "box", "v2", "test")
        assert "\n" not in str(info.value)
    finally:
        faultwiki.serve()
    monkeypatch.setattr(Wiki, "_submit_edit", original)
    assert_intact(faultwiki, title)
    assert direct(faultwiki).save_section(title, "box", "v2", "test").saved
