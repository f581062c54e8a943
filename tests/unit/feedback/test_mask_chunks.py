"""Masking only the sections that need mwparserfromhell gives the same result as
parsing the whole page (speed is measured in bench/, not here)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ldwg_bot.feedback.parse import mask_page

from .bench_parse import page
from .test_fuzz import PIECES

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feedback"
EXTRA = [
    "== A ==\n<!-- open\n== B ==\nstill hidden -->\n== C ==\n[[User:X|X]] 12:00, 1 August 2022 (UTC)\n",
    "== A ==\n{{quote|\n== B ==\n}}\n{{unsigned|Bob|12:00, 1 August 2022 (UTC)}}\n== C ==\n",
    "== A ==\n<pre>\n== B ==\n[[User:X|X]] 12:00, 1 August 2022 (UTC)\n</pre>\n== C ==\n{{od}}\n",
    "== A ==\n<nowiki>{{</nowiki>\n== B ==\n{{outdent}}\n",
    "<!-- unclosed\n== A ==\n[[User:X|X]] 12:00, 1 August 2022 (UTC)\n",
]


def same(text: str) -> None:
    fast, slow = mask_page(text), mask_page(text, whole=True)
    assert fast[0] == slow[0]
    assert [t[:3] for t in fast[1]] == [t[:3] for t in slow[1]]


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*/talk.wiki")), ids=lambda p: p.parent.name)
def test_real_pages(path):
    same(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("text", EXTRA)
def test_constructs_spanning_headings(text):
    same(text)


def test_generated_big_page():
    same(page(200_000)[0])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(PIECES | st.just("\n== H ==\n") | st.just("\n=== I ===\n"), max_size=60))
def test_random_wikitext(pieces):
    same("".join(pieces))
