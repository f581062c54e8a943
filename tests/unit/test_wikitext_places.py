"""The place-specific escapers of ldwg_bot.text.wikitext: each gives text that its place in the
wikitext reads as text, and falls back to plain escaped text where MediaWiki would not make
the link (the real devwiki checks all renderers: tests/integration/test_outside_text_is_inert.py)."""

from __future__ import annotations

import html

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.text.wikitext import (
    external_link,
    external_url,
    fragment,
    inline_text,
    link_target,
    page_title,
    table_cell,
    wiki_link,
)
from tests.hostile import ATOMS, hostile_texts

RAW_MARKUP = ("~~~", "{{", "[[", "__", "''", "<", "|")


@pytest.mark.parametrize(
    "title,expected",
    [
        ("Talk:Foo", "Talk:Foo"),
        ("A__NOTOC__", "A NOTOC"),
        (":Category:X", "Category:X"),
        ("Foo\u200fbar", "Foobar"),
        ("a_b  c", "a b c"),
        ("Foo~~~", None),
        ("Foo&#126;&#126;&#126;", None),
        ("a|b", None),
        ("{{x}}", None),
        ("a%7Eb", None),
        ("../x", None),
        ("a/./b", None),
        ("User:", None),
        ("", None),
        ("x" * 256, None),
    ],
)
def test_page_title_follows_mediawiki(title, expected):
    assert page_title(title) == expected


def test_link_targets_hide_risky_characters_but_name_the_same_page():
    assert link_target("It's ~ok!") == "It&#39;s &#126;ok&#33;"
    assert link_target("Page#sec ~~~~") == "Page#sec &#126;&#126;&#126;&#126;"
    assert link_target(link_target("Page#sec ~~~~")) == link_target("Page#sec ~~~~")  # reads back
    assert link_target("Bad~~~#x") is None


def test_wiki_links():
    assert wiki_link("User:Nadia K", "Nadia") == "[[User:Nadia K|Nadia]]"
    assert wiki_link("Category:X", "X") == "[[:Category:X|X]]"
    assert wiki_link("fr:Page", "P") == "[[:fr:Page|P]]"
    assert wiki_link("Page", "P", colon=True) == "[[:Page|P]]"
    assert wiki_link("Draft", "D", section="Goals ~~~~") == "[[Draft#Goals &#126;&#126;&#126;&#126;|D]]"
    assert wiki_link("Bad~~~~", "shown") == "shown"
    assert wiki_link("Page", "") == "[[Page|Page]]"  # never the pipe trick


def test_fragment_is_escaped_text():
    assert html.unescape(fragment("A [b] ~~~ __X__")) == "A [b] ~~~ __X__"


@pytest.mark.parametrize(
    "url,expected",
    [
        (
            "https://forum.example.org/t/~~~~/__NOTOC__/1",
            "https://forum.example.org/t/%7E%7E%7E%7E/%5F%5FNOTOC%5F%5F/1",
        ),
        ("http://a.b/p?q=1&r='x'#f", "http://a.b/p?q=1&r=%27x%27#f"),
        ("https://x.org/%7e%zz/ü", "https://x.org/%7e%25zz/%C3%BC"),
        ("javascript:alert(1)", None),
        ("http://x y", None),
        ("http://{{x}}/", None),
        ("//x.org/", None),
    ],
)
def test_external_urls(url, expected):
    assert external_url(url) == expected


def test_external_link_falls_back_to_text():
    assert external_link("https://x.org/a", "link") == "[https://x.org/a link]"
    assert external_link("javascript:x", "link") == "javascript&#58;x"


def test_table_cell_starts_no_row():
    assert table_cell("-x") == "&#45;x" and table_cell("+y") == "&#43;y"
    assert "|" not in table_cell("a || b") and "!!" not in table_cell("a !! b")


def test_inline_text_keeps_prose_readable():
    assert inline_text("The group's plan: 3 steps.") == "The group's plan: 3 steps."
    assert inline_text("'quoted'") == "&#39;quoted&#39;"
    assert inline_text("see https://x.org") == "see https&#58;//x.org"
    assert inline_text("* not a list") == "&#42; not a list"


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(st.sampled_from(ATOMS), hostile_texts()))
def test_escapers_leave_no_raw_markup(text):
    for out in (inline_text(text), table_cell(text), fragment(text)):
        assert not any(seq in out for seq in RAW_MARKUP), out
        assert "\n" not in out
    target = link_target(text)
    assert target is None or not any(seq in target for seq in RAW_MARKUP), target
    url = external_url("https://x.org/" + text)
    assert url is None or not any(c in url for c in " ~_'[]{}|<>\"")
