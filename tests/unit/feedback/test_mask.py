"""The linear masking pass agrees with mwparserfromhell on well-formed pages, and follows
MediaWiki's preprocessor where mwparserfromhell does not (unclosed constructs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ldwg_bot.feedback.mask import mask_page

from .bench_parse import page
from .reference_mask import reference_mask

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feedback"
SIG = "[[User:X|X]] 12:00, 1 August 2022 (UTC)"
WELL_FORMED = [
    "== A ==\n<!-- open\n== B ==\nstill hidden -->\n== C ==\n" + SIG + "\n",
    "== A ==\n{{quote|\n== B ==\n}}\n{{unsigned|Bob|12:00, 1 August 2022 (UTC)}}\n== C ==\n",
    "== A ==\n<pre>\n== B ==\n" + SIG + "\n</pre>\n== C ==\n{{od}}\n",
    "<div>{{unsigned|Bob|12:00, 1 August 2022 (UTC)}}</div> <ref name=x>{{od}}</ref>",
    "{{archive top|result=<nowiki>" + SIG + "</nowiki> {{outdent|::}}}}",
    "<blockquote>quoted <blockquote>inner</blockquote> " + SIG + "</blockquote> after",
    "<code>" + SIG + "</code> <references/> <nowiki/>{{od}}",
]


def same(text: str) -> None:
    masked, calls = mask_page(text)
    ref_masked, ref_calls = reference_mask(text)
    assert masked == ref_masked
    assert [(c.start, c.end, c.key) for c in calls] == ref_calls


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/talk.wiki")), ids=lambda p: p.parent.name)
def test_real_pages(path):
    same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", WELL_FORMED)
def test_well_formed_constructs(text):
    same(text)


def test_generated_big_page():
    same(page(200_000)[0])


@pytest.mark.parametrize(
    "text, hidden, kept",
    [
        # an unclosed comment hides the rest of the page (mwparserfromhell keeps it as text)
        ("a <!-- b\n" + SIG, SIG, "a "),
        # an unclosed extension tag is plain text; a later pair still masks
        ("<nowiki> " + SIG + " <pre>x</pre>", "<pre>x</pre>", SIG),
        ("<ref>" * 50 + SIG, "", SIG),
        # the first of comment / tag wins: a comment opener inside <nowiki> is text
        ("<nowiki><!--</nowiki> " + SIG, "<nowiki><!--</nowiki>", SIG),
        ("<!-- <nowiki> --> " + SIG + " </nowiki>", "<!-- <nowiki> -->", SIG),
        # a stray closer opens nothing
        ("</ref> " + SIG + " <ref>x</ref>", "<ref>x</ref>", SIG),
    ],
)
def test_preprocessor_order(text, hidden, kept):
    masked, _ = mask_page(text)
    assert len(masked) == len(text)
    if hidden:
        at = text.index(hidden)
        assert masked[at : at + len(hidden)].strip() == ""
    at = text.index(kept)
    assert masked[at : at + len(kept)] == kept


def test_unclosed_template_is_text_and_calls_keep_positional_values():
    text = "{{unsigned|Bob|12:00, 1 August 2022 (UTC)|x=[[a|b]]}} {{od {{unsigned|"
    masked, calls = mask_page(text)
    assert [(c.key, c.positional) for c in calls] == [("unsigned", ("Bob", "12:00, 1 August 2022 (UTC)"))]
    assert masked.endswith("{{od {{unsigned|")
