"""Translate markup and stable unit numbers."""

from __future__ import annotations

from ldwg_bot.updates.markdown import to_blocks
from ldwg_bot.updates.translatable import (
    Slot,
    Unit,
    assign_ids,
    mark,
    max_unit_id,
    number,
    parse_units,
    skeleton,
)

from .util import check_translate_markup


def render(markdown: str, existing=None, page="", high_water=0):
    return number(skeleton(to_blocks(markdown)), existing, page, high_water)


def test_markers_where_translate_puts_them():
    assert mark(Slot("=== Goals ==="), "3") == "=== Goals === <!--T:3-->"
    assert mark(Slot("Text."), "4") == "<!--T:4-->\nText."
    assert mark(Slot("item", inline=True), "5") == "<translate><!--T:5--> item</translate>"


def test_layout_headings_paragraphs_lists_tables():
    text, high = render(
        "## Head\n\nPara one.\n\nPara two.\n\n- a\n- b\n\n| H |\n|---|\n| 2022 |\n| x |\n\nEnd."
    )
    assert text == (
        "<translate>\n=== Head === <!--T:1-->\n\n<!--T:2-->\nPara one.\n\n<!--T:3-->\nPara two.\n"
        "</translate>\n\n"
        "* <translate><!--T:4--> a</translate>\n* <translate><!--T:5--> b</translate>\n\n"
        '{| class="wikitable"\n! <translate><!--T:6--> H</translate>\n|-\n| 2022\n|-\n'
        "| <translate><!--T:7--> x</translate>\n|}\n\n"
        "<translate>\n<!--T:8-->\nEnd.\n</translate>"
    )
    assert high == 8
    assert check_translate_markup(text) == [str(n) for n in range(1, 9)]


def test_parse_units_round_trip():
    """Reading the output back gives the same unit texts, with their ids."""
    markdown = "## Head\n\nPara [x](https://x.org).\n\n1. a\n   - b\n\n| H |\n|---|\n| y |"
    text, _ = render(markdown)
    units = parse_units(text)
    assert [u.id for u in units] == ["1", "2", "3", "4", "5", "6"]
    assert [u.text for u in units] == [
        "=== Head ===",
        'Para [<tvar name="url1">https://x.org</tvar> x].',
        "a",
        "b",
        "H",
        "y",
    ]


def test_parse_units_ignores_nowiki_and_reads_unmarked():
    text = "<nowiki><translate>no</translate></nowiki><translate>\nnew unit\n\n<!--T:9--> old\n</translate>"
    assert parse_units(text) == [Unit(None, "new unit"), Unit("9", "old")]


def test_max_unit_id():
    assert max_unit_id("<!--T:3--> <!--T:12--> <!--T:named-->") == 12
    assert max_unit_id("") == 0


def test_assign_ids_exact_changed_new_removed():
    old = [Unit("1", "alpha beta gamma"), Unit("2", "delta epsilon"), Unit("3", "zeta eta theta")]
    # unchanged, edited, removed (3), added
    ids, nxt = assign_ids(["alpha beta gamma", "delta epsilon!", "something else entirely"], old, 10)
    assert ids == ["1", "2", "10"] and nxt == 11


def test_assign_ids_moved_unit_keeps_its_number():
    old = [Unit("1", "first"), Unit("2", "second"), Unit("3", "third")]
    ids, _ = assign_ids(["third", "first", "second"], old, 4)
    assert ids == ["3", "1", "2"]


def test_assign_ids_never_duplicates():
    old = [Unit("1", "same"), Unit("1", "same too")]
    ids, _ = assign_ids(["same", "same too"], old, 5)
    assert ids == ["1", "5"]


def test_new_numbers_above_page_and_high_water():
    _, high = render("A.", page="<!--T:40-->", high_water=0)
    assert high == 41
    text, high = render("A.", page="<!--T:40-->", high_water=57)
    assert "<!--T:58-->" in text and high == 58


def test_high_water_never_goes_down():
    text, high = render("A.", high_water=99)
    again, high2 = render("A.", existing=text, page=text, high_water=high)
    assert again == text and high2 == 100
