"""Configuration that used to pass check-config and crash later: each is one line now."""

from __future__ import annotations

import tomllib

import pytest

from ldwg_bot import config
from ldwg_bot.errors import ConfigError

BASE = '[[group]]\nname = "g"\nlanguages = ["es"]\n'


def parse(text: str):
    return config.from_dict(tomllib.loads(text), "c.toml")


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            BASE + '[group.translations]\npages = ["Talk:"]\ntable_page = "T"\n',
            "c.toml: group[0].translations.pages[0]: expected a page title, got 'Talk:' (a namespace, no "
            "page name)",
        ),
        (
            BASE + '[group.translations]\npages = [""]\ntable_page = "T"\n',
            "c.toml: group[0].translations.pages[0]: expected a page title, got ''",
        ),
        (
            BASE + '[group.feedback]\ntalk_pages = ["  "]\nsummary_page = "S"\n',
            "c.toml: group[0].feedback.talk_pages[0]: expected a page title, got '  '",
        ),
        ("[site]\nmaxlag = -1\n" + BASE, "c.toml: site.maxlag: expected a number >= 0, got -1"),
        (
            "[site]\nput_throttle = -0.5\n" + BASE,
            "c.toml: site.put_throttle: expected a number >= 0, got -0.5",
        ),
        ("[site]\nconnect_retries = -2\n" + BASE, "c.toml: site.connect_retries: expected a number >= 0"),
        (
            "[schedule]\nfeedback_minutes = -15\n" + BASE,
            "c.toml: schedule.feedback_minutes: expected a number >= 0, got -15",
        ),
        ('[[group]]\nname = ""\n', "c.toml: group[0].name: expected a name such as 'ldwg', got ''"),
        ('[site]\nfamily = ""\n' + BASE, "c.toml: site.family/site.code: expected a name"),
        (
            BASE + '[group.feedback]\ntalk_pages = ["Talk:A"]\nsummary_page = "X"\n'
            '[group.translations]\npages = ["A"]\ntable_page = "X"\n',
            "c.toml: group[0].translations.table_page: 'X' is also group[0].feedback.summary_page; "
            "each page the bot writes needs a role of its own",
        ),
        (
            BASE + '[group.feedback]\ntalk_pages = ["Talk:A"]\nsummary_page = "talk:A"\n',
            "c.toml: group[0].feedback.talk_pages[0]: 'Talk:A' is also group[0].feedback.summary_page; "
            "the bot would overwrite a page it reads",
        ),
        (
            BASE + '[group.feedback]\nprefixes = ["Talk:"]\nsummary_page = "S"\n',
            "c.toml: group[0].feedback.prefixes[0]: 'Talk:' names a whole namespace",
        ),
        (
            BASE + '[group.feedback]\nprefixes = ["User_talk: "]\nsummary_page = "S"\n',
            "c.toml: group[0].feedback.prefixes[0]: 'User_talk: ' names a whole namespace",
        ),
        (
            BASE + '[group.feedback]\nprefixes = ["Talk:A/"]\nsummary_page = "S"\nmax_pages = 0\n',
            "c.toml: group[0].feedback.max_pages: expected a number >= 1, got 0",
        ),
    ],
)
def test_each_mistake_is_one_line(text, expected):
    with pytest.raises(ConfigError) as info:
        parse(text)
    assert str(info.value).startswith(expected) and "\n" not in str(info.value)


def test_two_groups_writing_one_page():
    text = (
        BASE + '[group.feedback]\ntalk_pages = ["Talk:A"]\nsummary_page = "S"\n'
        '[[group]]\nname = "h"\n[group.feedback]\ntalk_pages = ["Talk:B"]\nsummary_page = "S"\n'
    )
    with pytest.raises(ConfigError, match="group\\[1\\].feedback.summary_page: 'S' is also group\\[0\\]"):
        parse(text)


def test_the_shipped_configs_pass():
    for name in ("ldwg-bot.toml", "meta.toml"):
        assert config.load(config.EXAMPLES_DIR / name).groups


FEEDBACK = BASE + '[group.feedback]\nprefixes = ["Talk:LDWG/Content/"]\n'


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            FEEDBACK + 'summary_page = "S"\ndraft_page = "s"\n',
            "c.toml: group[0].feedback.draft_page: 's' is also group[0].feedback.summary_page; "
            "the bot would overwrite a page it reads",
        ),
        (
            FEEDBACK + 'summary_page = "S"\ndraft_page = "LDWG/Content"\n[group.translations]\n'
            'pages = ["A"]\ntable_page = "LDWG/Content"\n',
            "c.toml: group[0].feedback.draft_page: 'LDWG/Content' is also group[0].translations.table_page",
        ),
        (
            FEEDBACK + 'summary_page = "Talk:LDWG/Content/Summary"\n',
            "c.toml: group[0].feedback.summary_page: 'Talk:LDWG/Content/Summary' lies under "
            "group[0].feedback.prefixes[0] ('Talk:LDWG/Content/'); the bot would read its own page as "
            "feedback; put it elsewhere",
        ),
        (
            FEEDBACK + 'summary_page = "S"\n[[group]]\nname = "h"\nlanguages = ["es"]\n[group.translations]\n'
            'pages = ["A"]\ntable_page = "talk:LDWG/Content/es/Status"\n',
            "c.toml: group[1].translations.table_page: 'talk:LDWG/Content/es/Status' lies under "
            "group[0].feedback.prefixes[0]",
        ),
        (
            FEEDBACK + 'summary_page = "Special:MyPage/Summary"\n',
            "c.toml: group[0].feedback.summary_page: 'Special:MyPage/Summary' is a special page, which "
            "nobody can edit; give a page of an ordinary namespace",
        ),
        (
            FEEDBACK + 'summary_page = "S"\n[group.translations]\npages = ["A"]\n'
            'table_page = "mediawiki:Sidebar"\n',
            "c.toml: group[0].translations.table_page: 'mediawiki:Sidebar' is in the MediaWiki: namespace",
        ),
        (
            BASE + '[group.updates]\nsources = "u"\npage = "Media:Logo.png"\nlatest_box = "B"\n',
            "c.toml: group[0].updates.page: 'Media:Logo.png' is a special page",
        ),
        (
            FEEDBACK + 'summary_page = ":LDWG/Summary"\n',
            "c.toml: group[0].feedback.summary_page: ':LDWG/Summary' starts with ':' (link syntax); "
            "give the title without it",
        ),
        (
            FEEDBACK + 'summary_page = "en:LDWG/Summary"\n',
            "c.toml: group[0].feedback.summary_page: 'en:LDWG/Summary' starts with 'en:', an interwiki "
            "prefix (another wiki); give a page of this wiki",
        ),
        (
            BASE + '[group.updates]\nsources = "u"\npage = "P"\nlatest_box = "W:Template:Box"\n',
            "c.toml: group[0].updates.latest_box: 'W:Template:Box' starts with 'W:', an interwiki prefix",
        ),
        (
            BASE + '[group.updates]\nsources = "u"\npage = "pt-br:Atualizações"\nlatest_box = "B"\n',
            "c.toml: group[0].updates.page: 'pt-br:Atualizações' starts with 'pt-br:', an interwiki prefix",
        ),
        (
            'store = ""\n' + BASE,
            "c.toml: store: expected the path of the SQLite store such as '{data}/ldwg-bot.sqlite', got ''",
        ),
        ('store = "  "\n' + BASE, "c.toml: store: expected the path of the SQLite store"),
    ],
)
def test_pages_the_bot_may_not_write_and_an_empty_store_are_one_line(text, expected):
    """Issue 23: a written page that is a page the bot reads (the draft, anything under a
    feedback prefix), a page nobody edits (Special:, Media:), an interface page (MediaWiki:),
    another wiki's page (a leading ':' or an interwiki prefix), and an empty store."""
    with pytest.raises(ConfigError) as info:
        parse(text)
    assert str(info.value).startswith(expected) and "\n" not in str(info.value)


@pytest.mark.parametrize(
    "title",
    [
        "Meta:LDWG/Summary",
        "Talk:Other/Summary",
        "LDWG: a year in review",
        "Template:LDWG box",
        "Leadership Development Working Group/Updates",
        "User:LdwgBot/Summary",
        "MediaWiki talk:Sidebar",
        "Project:LDWG",
    ],
)
def test_ordinary_titles_are_still_accepted(title):
    """``Meta:`` is Meta-Wiki's own project namespace (and an interwiki prefix elsewhere: the wiki's
    interwiki map is asked at run time), so only prefixes that are never a namespace are refused
    offline; a colon after words is a title like any other."""
    cfg = parse(FEEDBACK + f'summary_page = "{title}"\n')
    assert cfg.groups[0].feedback.summary_page == title
