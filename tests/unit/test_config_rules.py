"""Configuration that used to pass check-config and crash later: each is one line now."""
from __future__ import annotations

import tomllib

import pytest

from ldwg_bot import config
from ldwg_bot.errors import ConfigError

BASE = '[[group]]\nname = "g"\nlanguages = ["es"]\n'


def parse(text: str):
    return config.from_dict(tomllib.loads(text), "c.toml")


@pytest.mark.parametrize("text, expected", [
    (BASE + '[group.translations]\npages = ["Talk:"]\ntable_page = "T"\n',
     "c.toml: group[0].translations.pages[0]: expected a page title, got 'Talk:' (a namespace, no page name)"),
    (BASE + '[group.translations]\npages = [""]\ntable_page = "T"\n',
     "c.toml: group[0].translations.pages[0]: expected a page title, got ''"),
    (BASE + '[group.feedback]\ntalk_pages = ["  "]\nsummary_page = "S"\n',
     "c.toml: group[0].feedback.talk_pages[0]: expected a page title, got '  '"),
    ('[site]\nmaxlag = -1\n' + BASE, "c.toml: site.maxlag: expected a number >= 0, got -1"),
    ('[site]\nput_throttle = -0.5\n' + BASE, "c.toml: site.put_throttle: expected a number >= 0, got -0.5"),
    ('[site]\nconnect_retries = -2\n' + BASE, "c.toml: site.connect_retries: expected a number >= 0"),
    ('[schedule]\nfeedback_minutes = -15\n' + BASE,
     "c.toml: schedule.feedback_minutes: expected a number >= 0, got -15"),
    ('[[group]]\nname = ""\n', "c.toml: group[0].name: expected a name such as 'ldwg', got ''"),
    ('[site]\nfamily = ""\n' + BASE, "c.toml: site.family/site.code: expected a name"),
    (BASE + '[group.feedback]\ntalk_pages = ["Talk:A"]\nsummary_page = "X"\n'
            '[group.translations]\npages = ["A"]\ntable_page = "X"\n',
     "c.toml: group[0].translations.table_page: 'X' is also group[0].feedback.summary_page; "
     "each page the bot writes needs a role of its own"),
    (BASE + '[group.feedback]\ntalk_pages = ["Talk:A"]\nsummary_page = "talk:A"\n',
     "c.toml: group[0].feedback.talk_pages[0]: 'Talk:A' is also group[0].feedback.summary_page; "
     "the bot would overwrite a page it reads"),
    (BASE + '[group.feedback]\nprefixes = ["Talk:"]\nsummary_page = "S"\n',
     "c.toml: group[0].feedback.prefixes[0]: 'Talk:' names a whole namespace"),
    (BASE + '[group.feedback]\nprefixes = ["User_talk: "]\nsummary_page = "S"\n',
     "c.toml: group[0].feedback.prefixes[0]: 'User_talk: ' names a whole namespace"),
    (BASE + '[group.feedback]\nprefixes = ["Talk:A/"]\nsummary_page = "S"\nmax_pages = 0\n',
     "c.toml: group[0].feedback.max_pages: expected a number >= 1, got 0"),
])
def test_each_mistake_is_one_line(text, expected):
    with pytest.raises(ConfigError) as info:
        parse(text)
    assert str(info.value).startswith(expected) and "\n" not in str(info.value)


def test_two_groups_writing_one_page():
    text = (BASE + '[group.feedback]\ntalk_pages = ["Talk:A"]\nsummary_page = "S"\n'
            '[[group]]\nname = "h"\n[group.feedback]\ntalk_pages = ["Talk:B"]\nsummary_page = "S"\n')
    with pytest.raises(ConfigError, match="group\\[1\\].feedback.summary_page: 'S' is also group\\[0\\]"):
        parse(text)


def test_the_shipped_configs_pass():
    for name in ("ldwg-bot.toml", "meta.toml"):
        assert config.load(config.EXAMPLES_DIR / name).groups
