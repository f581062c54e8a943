"""Markdown -> wikitext blocks."""

from __future__ import annotations

import pytest

from ldwg_bot.updates.markdown import (
    Cell,
    Heading,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Raw,
    Table,
    escape_text,
    to_blocks,
)
from ldwg_bot.updates.wikitext import strip_translate_markup, wikitext_blocks


def one(markdown: str):
    blocks = to_blocks(markdown)
    assert len(blocks) == 1, blocks
    return blocks[0]


def para(markdown: str) -> str:
    block = one(markdown)
    assert isinstance(block, Paragraph)
    return block.text


def test_headings_shift_so_the_shallowest_is_level_3():
    """The month is '== July 2022 ==', so the update's own headings start at ===."""
    blocks = to_blocks("## A\n\n### B\n\n## C")
    assert [(b.level, b.text) for b in blocks] == [(3, "A"), (4, "B"), (3, "C")]
    assert [b.level for b in to_blocks("# A\n\n## B")] == [3, 4]
    assert [b.level for b in to_blocks("# A\n\n## B", base_level=2)] == [2, 3]


@pytest.mark.parametrize(
    "markdown,wikitext",
    [
        ("**bold** and *it* and ***both***", "'''bold''' and ''it'' and '''''both'''''"),
        ("~~gone~~", "<s>gone</s>"),
        ("line one\nline two", "line one line two"),
        ("hard  \nbreak", "hard<br />break"),
        ("`x = {{y}}`", '<code><tvar name="code1"><nowiki>x = {{y}}</nowiki></tvar></code>'),
        (
            "see [[Movement Strategy]] and [[Talk:LDWG|the talk page]]",
            "see [[Movement Strategy]] and [[:Talk:LDWG|the talk page]]",
        ),
        (
            "[Wikimania](https://wikimania.wikimedia.org/wiki/2022:Wikimania)",
            '[<tvar name="url1">https://wikimania.wikimedia.org/wiki/2022:Wikimania</tvar> Wikimania]',
        ),
        (
            "[its page](Leadership_Development_Working_Group)",
            "[[Leadership Development Working Group|its page]]",
        ),
        ("[Movement Strategy](Movement_Strategy)", "[[Movement Strategy]]"),
        ("[goals](#Our_goals)", "[[#Our goals|goals]]"),
        ("[the logo](File:Example.png)", "[[:File:Example.png|the logo]]"),
        (
            "<https://forum.movement-strategy.org/>",
            '<tvar name="url1">https://forum.movement-strategy.org/</tvar>',
        ),
        (
            "[a](https://a.org) [b](https://a.org) [c](https://c.org)",
            '[<tvar name="url1">https://a.org</tvar> a] [<tvar name="url1">https://a.org</tvar> b] '
            '[<tvar name="url2">https://c.org</tvar> c]',
        ),
    ],
)
def test_inline(markdown, wikitext):
    assert para(markdown) == wikitext


@pytest.mark.parametrize(
    "markdown,wikitext",
    [
        ("![Alt text](File:Example.png)", '[[File:<tvar name="file1">Example.png</tvar>|thumb|Alt text]]'),
        ("![Alt](Example.png)", '[[File:<tvar name="file1">Example.png</tvar>|thumb|Alt]]'),
        (
            '![Alt](Image:Logo_LDWG.svg "The logo")',
            '[[File:<tvar name="file1">Logo LDWG.svg</tvar>|thumb|alt=Alt|The logo]]',
        ),
        ("![Alt](https://example.org/x.png)", '[<tvar name="url1">https://example.org/x.png</tvar> Alt]'),
    ],
)
def test_images(markdown, wikitext):
    assert para(markdown) == wikitext


@pytest.mark.parametrize(
    "text,escaped",
    [
        ("{{Template}}", "<nowiki>{{</nowiki>Template<nowiki>}}</nowiki>"),
        ("sign ~~~~", "sign <nowiki>~~~~</nowiki>"),
        ("\\_\\_TOC\\_\\_", "<nowiki>__</nowiki>TOC<nowiki>__</nowiki>"),
        ("a <span> b", "a &lt;span> b"),
        ("<!-- ldwg-bot:x:end -->", "&lt;!-- ldwg-bot:x:end -->"),
        ("<translate>", "&lt;translate>"),
        ("x < y & z", "x < y & z"),
        ("&amp;copy;", "&amp;copy;"),
        ("[https://x.org label]", "<nowiki>[</nowiki>https://x.org label]"),
        ("two '' quotes", "two <nowiki>''</nowiki> quotes"),
    ],
)
def test_accidental_markup_is_escaped(text, escaped):
    assert para(text) == escaped


def test_line_start_characters_are_escaped():
    assert para(": not an indent") == "<nowiki>:</nowiki> not an indent"
    assert para("= not a heading =") == "<nowiki>=</nowiki> not a heading ="
    assert para("\\# not a list") == "<nowiki>#</nowiki> not a list"


def test_apostrophe_next_to_emphasis():
    """*'quoted'* must stay italic quotes, not turn into bold."""
    assert para("*'quoted'*") == "''&#39;quoted&#39;''"
    assert para("the group's work") == "the group's work"


def test_raw_html_is_text():
    assert para("<b>x</b>") == "&lt;b>x&lt;/b>"


def test_nested_lists():
    block = one("- a\n  - b\n    1. c\n- d\n\n")
    assert isinstance(block, ListBlock)
    assert [(i.prefix, i.text) for i in block.items] == [("*", "a"), ("**", "b"), ("**#", "c"), ("*", "d")]
    block = one("1. one\n2. two **x**\n")
    assert [(i.prefix, i.text, i.source) for i in block.items] == [
        ("#", "one", "one"),
        ("#", "two '''x'''", "two **x**"),
    ]


def test_loose_list_item_with_two_paragraphs():
    block = one("- first\n\n  second\n- next\n")
    assert block.items[0] == ListItem("*", "first<br />second", "first second")


def test_table():
    block = one("| Month | Count |\n|:--|--:|\n| July 2022 | 12 |\n| a \\| b | [[X\\|y]] |\n")
    assert isinstance(block, Table)
    assert block.rows[0] == (Cell("Month", True, "left"), Cell("Count", True, "right"))
    assert block.rows[1] == (Cell("July 2022", False, "left"), Cell("12", False, "right", False))
    assert block.rows[2][0].text == "a &#124; b"
    assert block.rows[2][1].text == "[[X|y]]"


def test_code_block_rule_and_quote():
    blocks = to_blocks("```\n<b> & {{x}}\n```\n\n---\n\n> quoted **text**\n")
    assert blocks[0] == Raw("<pre>&lt;b> &amp; {{x}}</pre>")
    assert blocks[1] == Raw("----")
    assert blocks[2] == Quote((Paragraph("quoted '''text'''"),))


def test_escape_text_in_table():
    assert escape_text("a | b !! c", in_table=True) == "a &#124; b &#33;! c"


def test_wikitext_draft_blocks():
    draft = (
        "<translate>\n== Intro == <!--T:1-->\n\n<!--T:2-->\nSome text\non two lines.\n</translate>\n"
        '* <translate><!--T:3--> item</translate>\n** sub\n\n{| class="wikitable"\n| a\n|}\n\n'
        "{{Some template}}\n=== Deeper ===\nMore."
    )
    blocks = wikitext_blocks(draft)
    assert blocks == [
        Heading(3, "Intro", "Intro"),
        Paragraph("Some text on two lines."),
        ListBlock((ListItem("*", "item", "item"), ListItem("**", "sub", "sub"))),
        Raw('{| class="wikitable"\n| a\n|}'),
        Raw("{{Some template}}"),
        Heading(4, "Deeper", "Deeper"),
        Paragraph("More."),
    ]


def test_strip_translate_markup():
    text = '== A == <!--T:1-->\n<translate><!--T:2--> x <tvar name="u">https://a</tvar></translate>'
    assert strip_translate_markup(text) == "== A ==\n x https://a"


@pytest.mark.parametrize(
    "markdown,wikitext",
    [
        ("[[Category:Spam]]", "[[:Category:Spam]]"),
        ("see [[ category : Spam|spam]] here", "see [[:category : Spam|spam]] here"),
        ("[[File:Logo.png|thumb]]", "[[:File:Logo.png|thumb]]"),
        ("[[image:Logo.png]]", "[[:image:Logo.png]]"),
        ("[[:Category:Kept]]", "[[:Category:Kept]]"),
        ("[[Categorys:Not a namespace]]", "[[:Categorys:Not a namespace]]"),  # or an interwiki
    ],
)
def test_typed_wiki_links_to_categories_and_files_become_links(markdown, wikitext):
    """Issue 12.15: a typed [[Category:..]] must not categorise the Updates page, nor
    [[File:..]] embed a file; like Markdown links they become [[:Category:..]]."""
    assert para(markdown) == wikitext


def test_angle_bracket_in_a_typed_wiki_link_is_escaped():
    """Issue 12.15: [[x|</translate> ...]] must not close the translation unit."""
    text = para("[[x|</translate> <!--T:9--> y]]")
    assert "</translate>" not in text and "<!--" not in text
    assert text == "[[x|&lt;/translate> &lt;!--T:9--> y]]"
