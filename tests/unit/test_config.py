"""Configuration: the packaged default loads; every mistake is one clear line."""

import tomllib

import pytest

from ldwg_bot import config
from ldwg_bot.errors import ConfigError


def test_default_config_targets_the_devwiki():
    cfg = config.load()
    assert cfg.site.api.startswith("http://127.0.0.1:")
    group = cfg.group()
    assert group.updates.page == "Leadership Development Working Group/Updates"
    assert group.languages == ("es", "pt", "ar", "bn", "fr")
    assert config.load(config.EXAMPLES_DIR / "meta.toml").site.family == "meta"


def test_paths_expand_placeholders(tmp_path, monkeypatch):
    monkeypatch.setenv("LDWG_BOT_HOME", str(tmp_path))
    cfg = config.load()
    assert cfg.path(cfg.store) == tmp_path / "ldwg-bot.sqlite"
    assert cfg.path("{examples}/updates").is_dir()


def parse(text: str):
    return config.from_dict(tomllib.loads(text), "my.toml")


@pytest.mark.parametrize(
    "text, expected",
    [
        ('[site]\nfamly = "meta"\n[[group]]\n', "my.toml: site.famly: unknown key; expected one of"),
        ('[site]\nmaxlag = "5"\n[[group]]\n', "my.toml: site.maxlag: expected an integer, got '5'"),
        (
            '[[group]]\nlanguages = ["es", "Spanish"]\n',
            "my.toml: group[0].languages[1]: expected a language code",
        ),
        ('[[group]]\nlanguages = "es"\n', "my.toml: group[0].languages: expected a list of strings"),
        (
            '[[group]]\n[group.updates]\nsources = "u"\nlatest_box = "T"\n',
            "my.toml: group[0].updates.page: missing; expected the title of the updates page",
        ),
        ('[[group]]\n[group.updates]\nlayout = "pages"\n', "expected one of 'sections', 'subpages'"),
        (
            '[[group]]\nlanguages = ["es"]\n[group.translations]\npages = ["A"]\n',
            "group[0].translations.table_page: missing",
        ),
        (
            '[[group]]\nlanguages = ["es"]\n[group.translations]\npages = ["A|B"]\ntable_page = "T"\n',
            "expected a page title",
        ),
        ("store = 1\n[[group]]\n", "my.toml: store: expected a string"),
        ("", "my.toml: group: missing"),
        ('[site]\napi = "ftp://x"\n[[group]]\n', "site.api: expected the URL of a wiki's api.php"),
        (
            "[[group]]\n[group.forum]\ntopics = [1404]\n",
            "my.toml: group[0].forum.url: expected the forum's address such as 'https://forum.example.org'",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example/t/x/1"\ntopics = [1]\n',
            "group[0].forum.url: expected",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\ntopics = ["1404"]\n',
            "group[0].forum.topics[0]: expected an integer, got '1404'",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\ntopics = [0]\n',
            "forum.topics[0]: expected a topic id",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\nlanguage = "English"\n',
            "forum.language: expected a language code",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\napi_key = "x"\n',
            "group[0].forum.api_key: unknown key; expected one of digest_topic, language, max_total_wait, "
            "max_wait, retries, topics, url",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\nmax_wait = 5000\n',
            "my.toml: group[0].forum.max_wait: expected a whole number of seconds from 0 to 3600, got 5000",
        ),
        (
            "[[group]]\n[group.forum]\nmax_total_wait = -1\n",
            "my.toml: group[0].forum.max_total_wait: expected a whole number of seconds from 0 to 3600, "
            "got -1",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\nretries = 11\n',
            "my.toml: group[0].forum.retries: expected a whole number of tries after a 429 from 0 to 10, "
            "got 11",
        ),
        (
            '[[group]]\n[group.forum]\nurl = "https://f.example"\nmax_wait = 1.5\n',
            "my.toml: group[0].forum.max_wait: expected an integer, got 1.5",
        ),
    ],
)
def test_errors_are_one_clear_line(text, expected):
    with pytest.raises(ConfigError) as info:
        parse(text)
    assert expected in str(info.value)
    assert "\n" not in str(info.value)


def test_bad_toml_names_the_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[site\n")
    with pytest.raises(ConfigError, match=r"bad.toml: not valid TOML"):
        config.load(bad)


def test_json_config_uses_the_same_rules():
    with pytest.raises(ConfigError, match=r"wiki:User:Bot/config.json: group\[0\].x: unknown key"):
        config.load_wiki_json('{"group": [{"x": 1}]}', "wiki:User:Bot/config.json", config.load())
    cfg = config.load_wiki_json('{"group": [{"name": "a"}, {"name": "b"}]}', "wiki:X", config.load())
    assert [g.name for g in cfg.groups] == ["a", "b"]
    with pytest.raises(ConfigError, match="wiki:X: not valid JSON: line 1"):
        config.load_wiki_json("{", "wiki:X", config.load())


def test_forum_settings():
    cfg = parse(
        '[[group]]\n[group.forum]\nurl = "https://forum.movement-strategy.org"\n'
        'topics = [1404, 1426]\ndigest_topic = 1404\nlanguage = "en"\n'
    )
    forum = cfg.group().forum
    assert (forum.url, forum.topics, forum.digest_topic) == (
        "https://forum.movement-strategy.org",
        (1404, 1426),
        1404,
    )
    assert config.load().group().forum.topics == ()  # the default config has no forum
    assert (forum.max_wait, forum.max_total_wait, forum.retries) == (60, 120, 3)  # 429 defaults
    edges = (
        parse(
            '[[group]]\n[group.forum]\nurl = "https://f.example"\nmax_wait = 0\n'
            "max_total_wait = 3600\nretries = 10\n"
        )
        .group()
        .forum
    )
    assert (edges.max_wait, edges.max_total_wait, edges.retries) == (0, 3600, 10)
