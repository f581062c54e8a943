"""What the configuration may trust: https, the bot's own user space, local-only keys."""

from __future__ import annotations

import json

import pytest

from ldwg_bot import config
from ldwg_bot.errors import ConfigError

LOCAL = config.from_dict(
    {
        "store": "data/store.sqlite",
        "site": {"user": "LdwgBot"},
        "group": [{"name": "ldwg", "updates": {"sources": "updates", "page": "U", "latest_box": "T"}}],
    },
    "/srv/bot/ldwg-bot.toml",
)


@pytest.mark.parametrize(
    "url",
    [
        "http://meta.wikimedia.org/w/api.php",
        "http://10.0.0.5/api.php",
        "http://127.0.0.1.example.org/api.php",
    ],
)
def test_plain_http_is_refused_except_for_localhost(url):
    with pytest.raises(ConfigError, match="plain http"):
        config.from_dict({"site": {"api": url}, "group": [{}]}, "c.toml")


@pytest.mark.parametrize(
    "url",
    [
        "https://meta.wikimedia.org/w/api.php",
        "http://127.0.0.1:8088/api.php",
        "http://localhost/w/api.php",
        "http://[::1]:80/api.php",
    ],
)
def test_https_and_localhost_are_accepted(url):
    assert config.from_dict({"site": {"api": url}, "group": [{}]}, "c.toml").site.api == url


@pytest.mark.parametrize(
    "title",
    [
        "User:Mallory/config.json",
        "User:LdwgBotX/config.json",
        "User:LdwgBot/config.js",
        "Main Page",
        "User talk:LdwgBot/c.json",
        "MediaWiki:LdwgBot/config.json",
    ],
)
def test_config_page_outside_the_bots_user_space_is_refused(title):
    with pytest.raises(ConfigError, match="in the bot's user space"):
        config.config_page_allowed(title, "LdwgBot")


def test_config_page_in_the_bots_user_space():
    assert (
        config.config_page_allowed("user:ldwgBot/sub/config.json", "LdwgBot")
        == "User:LdwgBot/sub/config.json"
    )
    with pytest.raises(ConfigError, match="site.user"):
        config.config_page_allowed("User:LdwgBot/config.json", "")


@pytest.mark.parametrize(
    "doc, key",
    [
        ({"store": "/tmp/x.sqlite", "group": [{}]}, "store"),
        ({"site": {"api": "https://evil.example/api.php"}, "group": [{}]}, "site"),
        ({"site": {"user": "Other"}, "group": [{}]}, "site"),
        ({"group": [{"updates": {"digest": "/etc/cron.d/x"}}]}, "group[0].updates.digest"),
        ({"group": [{"updates": {"sources": "/home"}}]}, "group[0].updates.sources"),
        ({"group": [{"forum": {"url": "https://evil.example"}}]}, "group[0].forum.url"),
    ],
)
def test_wiki_config_never_sets_paths_site_or_account(doc, key):
    with pytest.raises(ConfigError) as info:
        config.load_wiki_json(json.dumps(doc), "wiki:User:LdwgBot/config.json", LOCAL)
    assert str(info.value).startswith(f"wiki:User:LdwgBot/config.json: {key}: may only be set in the local")


def test_wiki_config_keeps_the_local_paths_site_and_store():
    cfg = config.load_wiki_json(
        json.dumps(
            {"group": [{"name": "ldwg", "languages": ["es"], "updates": {"page": "P2", "latest_box": "T2"}}]}
        ),
        "wiki:User:LdwgBot/config.json",
        LOCAL,
    )
    assert cfg.site == LOCAL.site and cfg.store == "/srv/bot/data/store.sqlite"
    assert cfg.group().updates.page == "P2" and cfg.group().updates.sources == "/srv/bot/updates"
