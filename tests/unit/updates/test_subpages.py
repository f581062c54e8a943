"""Subpages layout, index and latest-update box."""

from __future__ import annotations

import pytest

from ldwg_bot.errors import PageNotOwnedError
from ldwg_bot.text.markers import find_sections, get_section
from ldwg_bot.updates.source import Month
from ldwg_bot.updates.subpages import (
    IndexEntry,
    add_to_index,
    index_entries,
    index_entry,
    month_page_title,
    render_index,
    render_latest_box,
    render_month_page,
    section_target,
)

from .util import check_translate_markup, unit_map, update

ROOT = "Leadership Development Working Group"


def test_titles_and_targets():
    assert month_page_title((2022, 7), ROOT) == f"{ROOT}/Updates/July 2022"
    assert month_page_title("2022-08", ROOT, "{root}/News/{month}") == f"{ROOT}/News/August 2022"
    assert section_target(f"{ROOT}/Updates", (2022, 7)) == f"{ROOT}/Updates#update-2022-07"


def test_month_page_new_and_republished():
    u = update("## Done\n\nWe met online twice.\n\n- a\n- b")
    page, high = render_month_page(u, None, 0)
    assert page.startswith(
        "<languages/>\n<!-- ldwg-bot:update-2022-07:start -->\n<translate>\n== Done == <!--T:1-->"
    )
    assert check_translate_markup(page) == ["1", "2", "3", "4"] and high == 4
    again, high2 = render_month_page(u, page, high)
    assert again == page and high2 == 4
    human = page.replace("<languages/>\n", "<languages/>\nA note by a human.\n")
    edited, _ = render_month_page(update("## Done\n\nWe met online three times.\n\n- a\n- b"), human, high)
    assert "A note by a human." in edited and unit_map(edited)["2"] == "We met online three times."


def test_month_page_not_owned():
    with pytest.raises(PageNotOwnedError, match="no bot section 'update-2022-07'"):
        render_month_page(update("x"), "Someone wrote this page.", 0)


def test_index_newest_first_and_parsed_back():
    e7 = index_entry(update("x", summary="July {{summary}}"), f"{ROOT}/Updates/July 2022")
    e8 = IndexEntry(Month(2022, 8), f"{ROOT}/Updates/August 2022", "August summary.")
    text, high = render_index([e7, e8], None, "", 0)
    assert text == (
        '* <span data-ldwg-month="2022-08"></span><translate><!--T:1--> [[<tvar '
        f'name="page">Special:MyLanguage/{ROOT}/Updates/August 2022'
        "</tvar>|August 2022]]: August summary.</translate>\n"
        '* <span data-ldwg-month="2022-07"></span><translate><!--T:2--> [[<tvar '
        f'name="page">Special:MyLanguage/{ROOT}/Updates/July 2022'
        "</tvar>|July 2022]]: July &#123;&#123;summary&#125;&#125;</translate>"
    )
    assert high == 2
    assert index_entries(text) == [e8, e7]


def test_add_to_index_keeps_numbers_and_human_text():
    page = "<languages/>\nIntro by a human.\n"
    e7 = IndexEntry(Month(2022, 7), "U/July 2022", "July.")
    page, high = add_to_index(page, e7, 0)
    assert page.startswith("<languages/>\nIntro by a human.\n\n<!-- ldwg-bot:updates-index:start -->")
    e8 = IndexEntry(Month(2022, 8), "U/August 2022", "August.")
    page, high = add_to_index(page, e8, high)
    units = unit_map(get_section(page, "updates-index"))
    assert units["1"].endswith("July.") and units["2"].endswith("August.")
    assert page.index("August 2022]]") < page.index("July 2022]]")
    # re-adding July with a new summary replaces its line, same number
    page, high = add_to_index(page, IndexEntry(Month(2022, 7), "U/July 2022", "July, fixed."), high)
    assert unit_map(page)["1"].endswith("July, fixed.") and high == 2
    assert page.count("July 2022]]") == 1
    new, _ = add_to_index("", e7, 0)
    assert new.startswith("<languages/>\n<!-- ldwg-bot:updates-index:start -->")


def test_latest_box():
    u = update("x", title="LDWG: July 2022 update", summary="We drafted a definition.")
    target = section_target(f"{ROOT}/Updates", u.month)
    page, high = render_latest_box(u, target, None, 0)
    assert page.startswith("<noinclude><languages/></noinclude>\n<!-- ldwg-bot:latest-update:start -->")
    assert check_translate_markup(page) == ["1", "2", "3"]
    units = unit_map(page)
    assert units["1"] == (
        f"'''Latest update:''' [[<tvar name=\"link\">Special:MyLanguage/{target}</tvar>|July 2022]]"
    )
    assert units["2"] == "'''LDWG: July 2022 update'''" and units["3"] == "We drafted a definition."
    u8 = update("x", month="2022-08", title="LDWG: August 2022 update", summary="Feedback is open.")
    page8, high = render_latest_box(u8, section_target(f"{ROOT}/Updates", u8.month), page, high)
    assert "August 2022]]" in unit_map(page8)["1"]  # same unit, now outdated
    assert find_sections(page8).keys() == {"latest-update"}
    with pytest.raises(PageNotOwnedError):
        render_latest_box(u, target, "A template someone else wrote.", 0)
