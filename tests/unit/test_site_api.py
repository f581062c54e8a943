"""``site.api`` and the family pywikibot already knows must name the same wiki (issue 23)."""

import pytest

from ldwg_bot import config
from ldwg_bot.errors import LdwgError
from ldwg_bot.wiki import family_api_url
from ldwg_bot.wiki.probe import check_site_api, same_api


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("https://meta.wikimedia.org/w/api.php", "https://META.wikimedia.org:443/w/api.php", True),
        ("http://127.0.0.1:8088/api.php", "HTTP://127.0.0.1:8088/api.php", True),
        ("http://127.0.0.1:8088/api.php", "http://127.0.0.1:8089/api.php", False),
        ("https://meta.wikimedia.org/w/api.php", "http://meta.wikimedia.org/w/api.php", False),
        ("https://meta.wikimedia.org/w/api.php", "https://meta.wikimedia.org/api.php", False),
    ],
)
def test_same_api(a, b, same):
    assert same_api(a, b) is same


def _cfg(api: str):
    return config.from_dict(
        {"site": {"family": "meta", "code": "meta", "api": api}, "group": [{"name": "g"}]}, "c.toml"
    )


def test_a_known_family_at_another_url_is_one_line():
    known = family_api_url("meta", "meta")
    check_site_api(_cfg("https://meta.wikimedia.org:443/w/api.php"), known)
    check_site_api(_cfg("https://wiki.example.org/w/api.php"), "")  # a family pywikibot lacks
    with pytest.raises(LdwgError) as info:
        check_site_api(_cfg("https://wiki.example.org/w/api.php"), known)
    assert str(info.value) == (
        "c.toml: site.api is https://wiki.example.org/w/api.php, but pywikibot's family 'meta' is "
        "https://meta.wikimedia.org/w/api.php (registered in user-config.py or a family file); "
        "make them agree, or give this wiki a family name of its own"
    )
