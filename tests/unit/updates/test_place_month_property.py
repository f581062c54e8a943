"""Property: place_month never changes a byte outside the bot's markers."""

from __future__ import annotations

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ldwg_bot.errors import MarkerError, PageNotOwnedError
from ldwg_bot.text.markers import find_sections, wrap
from ldwg_bot.updates.page import place_month, section_name
from ldwg_bot.updates.source import Month
from tests.helpers import outside_text

FRAGMENTS = [
    "Intro text.",
    "== About ==",
    "== June 2022 ==",
    "=== Sub ===",
    "== September 2022 ==",
    "<translate>\n== Goals == <!--T:7-->\n\n<!--T:8-->\nText.\n</translate>",
    "* <translate><!--T:9--> item</translate>",
    "{{Template|a=b}}",
    "<div>\nboxed\n</div>",
    "<!-- a human comment -->",
    "<nowiki>== July 2022 ==</nowiki>",
    "",
    "[[Category:LDWG]]",
    wrap("update-2022-05", "May content"),
    wrap("update-2022-08", "August content"),
    wrap("update-2022-07", "old July"),
    wrap("other-section", "bot data"),
]
human_text = st.text(alphabet=st.sampled_from(list("ab =<>{}|*#:\n'[]!-")), max_size=30)
pages = st.lists(st.one_of(st.sampled_from(FRAGMENTS), human_text), max_size=8).map("\n".join)
months = st.sampled_from([Month(2022, m) for m in (4, 6, 7, 8, 10)])


def _without_languages(result: str, page: str) -> str:
    if result.startswith("<languages/>\n") and not page.startswith("<languages/>\n"):
        return result[len("<languages/>\n") :]
    return result


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(page=pages, month=months, content=st.sampled_from(["new", "two\nlines", ""]))
def test_place_month_keeps_everything_outside_the_markers(page, month, content):
    try:
        before = find_sections(page)
        result = place_month(page, month, content)
    except (MarkerError, PageNotOwnedError):
        assume(False)
        return
    name = section_name(month)
    after = find_sections(result)
    assert name in after
    body = _without_languages(result, page)
    if name in before:
        # replaced in place: the human part is byte-identical
        assert outside_text(body) == outside_text(page)
    else:
        # inserted: removing the block and the one separator gives the page back
        span = find_sections(body)[name]
        block = body[span.start : span.end]
        candidates = {body.replace(block + "\n\n", "", 1), body.replace("\n\n" + block, "", 1)}
        if body.endswith(block + "\n"):
            stem = body[: span.start]
            candidates |= {stem, stem[:-1], stem[:-2]}
        assert page in candidates

    # newest first among the bot's month sections (when they were before)
    def order(spans):
        return [s.name for s in sorted(spans.values(), key=lambda s: s.start) if s.name.startswith("update-")]

    if order(before) == sorted(order(before), reverse=True):
        assert order(after) == sorted(order(after), reverse=True)
