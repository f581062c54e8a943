"""The one-page layout: month sections, placement, re-publishing."""

from __future__ import annotations

import pytest

from ldwg_bot.errors import MarkerError, PageNotOwnedError
from ldwg_bot.text.markers import find_sections, get_section, wrap
from ldwg_bot.updates.page import (
    ensure_languages,
    human_month_headings,
    place_month,
    publish_to_page,
    render_month_section,
    section_name,
)
from ldwg_bot.updates.source import load_update
from tests.helpers import outside_text
from tests.shared import shared_path

from .util import EXAMPLES, check_translate_markup, unit_map, update

HUMAN = (
    "<languages/>\nThe group's intro, written by a human.\n\n"
    "== About the group ==\nA human paragraph that must survive.\n"
)

JULY = """Intro paragraph of July.

## What we did

- Met online.
- Set three goals.

Second paragraph about the goals.

Closing paragraph, thanks for reading.
"""


def publish(page, body, month="2022-07", high=0):
    return publish_to_page(page, update(body, month), high)


def test_first_publish_goes_after_the_intro():
    page, high = publish(HUMAN, JULY)
    assert page.startswith(
        "<languages/>\nThe group's intro, written by a human.\n\n<!-- ldwg-bot:update-2022-07:start -->\n"
    )
    assert page.endswith(
        "<!-- ldwg-bot:update-2022-07:end -->\n\n== About the group ==\n"
        "A human paragraph that must survive.\n"
    )
    assert '<span id="update-2022-07"></span>\n<translate>\n== July 2022 == <!--T:1-->' in page
    assert check_translate_markup(page) == [str(n) for n in range(1, high + 1)]


def test_august_goes_above_july():
    page, high = publish(HUMAN, JULY)
    page, high = publish(page, "August news.\n\n- one\n- two", "2022-08", high)
    sections = find_sections(page)
    assert sections["update-2022-08"].start < sections["update-2022-07"].start
    ids = check_translate_markup(page)
    assert len(ids) == high
    # a late June update goes below July; a September one on top
    page, high = publish(page, "June.", "2022-06", high)
    page, high = publish(page, "September.", "2022-09", high)
    order = sorted(find_sections(page).values(), key=lambda s: s.start)
    assert [s.name for s in order] == ["update-2022-09", "update-2022-08", "update-2022-07", "update-2022-06"]
    assert "A human paragraph that must survive." in page
    check_translate_markup(page)


def test_republish_unchanged_is_byte_identical():
    page, high = publish(HUMAN, JULY)
    page, high = publish(page, "August.", "2022-08", high)
    again, high2 = publish(page, JULY, "2022-07", high)
    assert again == page and high2 == high


def test_edit_add_remove_keep_numbers():
    page, high = publish(HUMAN, JULY)
    page, high = publish(page, "August news.\n\n- one\n- two", "2022-08", high)
    before = unit_map(get_section(page, "update-2022-07"))
    by_text = {v: k for k, v in before.items()}

    # 1. edit one paragraph: every number kept, the edited one too
    edited = JULY.replace("Second paragraph about the goals.", "Second paragraph about our goals.")
    page, high = publish(page, edited, "2022-07", high)
    after = unit_map(get_section(page, "update-2022-07"))
    assert set(after) == set(before)
    assert after[by_text["Second paragraph about the goals."]] == "Second paragraph about our goals."

    # 2. add a paragraph: the next free number of the whole page
    top = max(int(n) for n in check_translate_markup(page))
    added = edited + "\nA brand new paragraph at the end.\n"
    page, high = publish(page, added, "2022-07", high)
    after = unit_map(get_section(page, "update-2022-07"))
    assert {k: v for k, v in after.items() if k in before} == {
        k: (v if v != "Second paragraph about the goals." else "Second paragraph about our goals.")
        for k, v in before.items()
    }
    new = [k for k in after if k not in before]
    assert new == [str(top + 1)] and after[new[0]] == "A brand new paragraph at the end."
    assert high == top + 1

    # 3. remove that paragraph and add another: the removed number is not reused
    removed = new[0]
    replaced = edited.replace(
        "Intro paragraph of July.", "Intro paragraph of July.\n\nQuite unrelated words about a survey."
    )
    page, high = publish(page, replaced, "2022-07", high)
    after = unit_map(get_section(page, "update-2022-07"))
    assert removed not in after
    newest = [k for k, v in after.items() if v == "Quite unrelated words about a survey."]
    assert newest == [str(int(removed) + 1)]
    check_translate_markup(page)
    assert "A human paragraph that must survive." in page
    assert outside_text(page).count("The group's intro, written by a human.") == 1


def test_removed_top_number_not_reused_thanks_to_high_water():
    """The deleted unit had the page's highest number: only the high-water mark knows it."""
    page, high = publish("", "One.\n\nTwo.")
    assert high == 3
    page, high = publish(page, "One.", "2022-07", high)
    assert "<!--T:3-->" not in page and high == 3
    page, high = publish(page, "One.\n\nSomething different now.", "2022-07", high)
    assert unit_map(page)["4"] == "Something different now."


def test_human_month_section_is_not_taken_over():
    page = HUMAN + "\n== July 2022 ==\nWritten by hand.\n"
    with pytest.raises(PageNotOwnedError, match=r"line 7 has a human-written '== July 2022 =='"):
        publish(page, JULY)
    translated = HUMAN + "\n<translate>\n== July 2022 == <!--T:4-->\n</translate>\n"
    with pytest.raises(PageNotOwnedError):
        publish(translated, JULY)
    # another month is fine, and goes above the older human one
    page2, _ = publish(page, "August.", "2022-08")
    assert page2.index("update-2022-08:start") < page2.index("== July 2022 ==")


def test_human_translate_block_is_not_split():
    page = "<languages/>\n<translate>\n<!--T:1-->\nIntro.\n\n== About == <!--T:2-->\nText.\n</translate>\n"
    new, high = publish(page, "July.", high=0)
    assert new.startswith("<languages/>\n<!-- ldwg-bot:update-2022-07:start -->")
    assert new.endswith(page[len("<languages/>\n") :])
    assert high == 4 and check_translate_markup(new)


def test_page_without_headings_gets_the_month_at_the_end():
    new, _ = publish("<languages/>\nJust an intro.", "July.")
    assert new.startswith("<languages/>\nJust an intro.\n\n<!-- ldwg-bot:update-2022-07:start -->")
    new, _ = publish("", "July.")
    assert new.startswith("<languages/>\n<!-- ldwg-bot:update-2022-07:start -->")


def test_languages_added_once():
    assert ensure_languages("x") == "<languages/>\nx"
    assert ensure_languages("<languages />\nx") == "<languages />\nx"
    assert ensure_languages("<nowiki><languages/></nowiki>").startswith("<languages/>\n")
    page, _ = publish("Intro.", "July.")
    page, _ = publish(page, "August.", "2022-08")
    assert page.count("<languages/>") == 1


def test_broken_markers_are_refused():
    page = HUMAN + "<!-- ldwg-bot:update-2022-07:start -->\nhalf a section\n"
    with pytest.raises(MarkerError):
        publish(page, JULY)


def test_place_month_replaces_in_place():
    page = HUMAN + "\n" + wrap("update-2022-07", "old") + "\n\nHuman footer.\n"
    new = place_month(page, (2022, 7), "new")
    assert new == page.replace("\nold\n", "\nnew\n")


def test_human_month_headings():
    page = "== June 2022 ==\n<translate>\n== May 2022 == <!--T:1-->\n</translate>\n=== April 2022 ===\n"
    assert [m for _, m in human_month_headings(page)] == [(2022, 6), (2022, 5)]


def test_sample_and_examples_render_valid_markup():
    sample = load_update(shared_path("samples", "updates", "2022-07.md"))
    page, high = publish_to_page(HUMAN, sample, 0)
    assert "[[:Talk:Leadership Development Working Group]]" in page  # a link, colon-prefixed
    assert len(check_translate_markup(page)) == high
    for name in ("2022-07.md", "2022-08.md"):
        page, high = publish_to_page(page, load_update(EXAMPLES / name), high)
    ids = check_translate_markup(page)  # the example July replaced the sample's
    assert max(int(i) for i in ids) <= high
    assert section_name((2022, 8)) in find_sections(page)


def test_render_month_section_signature():
    content, high = render_month_section(update("Hello."), None, "", 0)
    assert content == (
        '<span id="update-2022-07"></span>\n<translate>\n== July 2022 == <!--T:1-->\n\n'
        "<!--T:2-->\nHello.\n</translate>"
    )
    assert high == 2
