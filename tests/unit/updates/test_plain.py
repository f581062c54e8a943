"""Plain wikitext without Translate, and the switch between the two forms (pure)."""

from __future__ import annotations

import pytest

from ldwg_bot.text.markers import find_sections, get_section
from ldwg_bot.updates.page import publish_to_page
from ldwg_bot.updates.plain import (
    form_switched,
    is_translatable,
    section_to_plain,
    switch_section,
    use_translate,
)
from ldwg_bot.updates.plan import box_transform
from ldwg_bot.updates.source import load_update
from ldwg_bot.updates.subpages import (
    add_to_index,
    box_month,
    index_entries,
    index_entry,
    render_latest_box,
    render_month_page,
)

from .util import EXAMPLES, check_translate_markup, update

PAGE = "Leadership Development Working Group/Updates"
TRANSLATE_MARKUP = ("<languages", "<translate", "</translate>", "<!--T:", "<tvar")
HUMAN = "The group's intro, written by a human.\n\n== June 2022 ==\nA human month.\n"
RICH = """Intro with **bold**, `code` and [a link](https://example.org/x).

![The logo](File:LDWG_logo.png "Our logo")

## Goals

- one [[Wiki link]]
- two
  - nested

| Call | Language |
|---|---|
| First | English |

> A quote.
"""


def examples():
    return [load_update(EXAMPLES / name) for name in ("2022-07.md", "2022-08.md")]


def assert_plain(text: str) -> None:
    for markup in TRANSLATE_MARKUP:
        assert markup not in text, markup


@pytest.mark.parametrize(
    "setting,installed,expected",
    [("auto", True, True), ("auto", False, False), ("yes", False, True), ("no", True, False)],
)
def test_setting(setting, installed, expected):
    assert use_translate(setting, installed) is expected


def test_page_box_and_index_without_translate_are_plain():
    page, hw = HUMAN, 0
    for u in examples():
        page, hw = publish_to_page(page, u, hw, translatable=False)
    assert hw == 0  # no unit numbers given
    assert_plain(page)
    assert page.startswith(HUMAN.split("\n")[0])  # no <languages/> added on top
    assert "[https://wikimania.wikimedia.org/wiki/2022:Wikimania Wikimania 2022]" in page
    assert "[[File:LDWG logo.png|thumb|The Leadership Development Working Group logo]]" in page
    assert "\n== August 2022 ==\n\nThe draft '''definition of leadership''' is ready" in page
    box, _ = render_latest_box(examples()[1], f"{PAGE}#update-2022-08", None, 0, translatable=False)
    assert_plain(box)
    assert "'''Latest update:''' [[Special:MyLanguage/" + PAGE + "#update-2022-08|August 2022]]" in box
    assert box_month(box) == (2022, 8)
    index, _ = add_to_index("", index_entry(examples()[0], f"{PAGE}/July 2022"), 0, translatable=False)
    index, _ = add_to_index(index, index_entry(examples()[1], f"{PAGE}/August 2022"), 0, translatable=False)
    assert_plain(index)
    assert [e.month for e in index_entries(get_section(index, "updates-index"))] == [(2022, 8), (2022, 7)]
    month, _ = render_month_page(update(RICH), None, 0, translatable=False)
    assert_plain(month)
    assert "<code>code</code>" in month and "* two\n** nested" in month


def test_removing_markup_gives_exactly_the_plain_rendering():
    """A section written with Translate, converted, equals the same update rendered plain."""
    for u in examples() + [update(RICH)]:
        marked, hw = publish_to_page("", u, 0)
        plain, _ = publish_to_page("", u, 0, translatable=False)
        name = f"update-{u.month.slug}"
        assert section_to_plain(get_section(marked, name)) == get_section(plain, name)
        box, _ = render_latest_box(u, "P#a", None, 0)
        plain_box, _ = render_latest_box(u, "P#a", None, 0, translatable=False)
        assert section_to_plain(get_section(box, "latest-update")) == get_section(plain_box, "latest-update")


def test_translate_appears_later_units_are_numbered_then():
    page, hw = HUMAN, 0
    july, august = examples()
    page, hw = publish_to_page(page, july, hw, translatable=False)
    assert hw == 0 and not is_translatable(page)
    page2, hw = publish_to_page(page, august, 0, translatable=True)  # only August is in this run
    assert page2.startswith("<languages/>\n")
    ids = check_translate_markup(page2)
    assert ids == [str(n) for n in range(1, hw + 1)]  # numbered now, from 1
    for name in ("update-2022-07", "update-2022-08"):  # July switched too
        assert is_translatable(get_section(page2, name)), name
    assert get_section(page2, "update-2022-07").startswith(
        '\n<span id="update-2022-07"></span>\n<translate>\n== July 2022 == <!--T:'
    )
    assert "A human month." in page2 and form_switched(page, page2)
    # publishing July from its source again keeps the numbers the switch gave
    page3, hw3 = publish_to_page(page2, july, hw, translatable=True)
    july_ids = check_translate_markup(get_section(page2, "update-2022-07"))
    assert set(check_translate_markup(get_section(page3, "update-2022-07"))) <= set(july_ids) | set(
        str(n) for n in range(hw + 1, hw3 + 1)
    )
    assert not form_switched(page2, page3)


def test_translate_removed_every_section_becomes_plain():
    page, hw = "", 0
    for u in examples():
        page, hw = publish_to_page(page, u, hw)
    newer = update("September news.", month="2022-09")
    plain_page, _ = publish_to_page(page, newer, hw, translatable=False)
    for name in find_sections(plain_page):
        assert_plain(get_section(plain_page, name))
    assert plain_page.startswith("<languages/>\n")  # outside the markers: a human's line now, kept


def test_box_never_goes_back_but_switches_form():
    july, august = examples()
    box, hw = render_latest_box(august, f"{PAGE}#update-2022-08", None, 0, translatable=False)
    same, _ = box_transform(july, f"{PAGE}#update-2022-07", False)(box, hw)
    assert same == box
    switched, hw2 = box_transform(july, f"{PAGE}#update-2022-07", True)(box, hw)
    assert box_month(switched) == (2022, 8) and is_translatable(get_section(switched, "latest-update"))
    assert check_translate_markup(switched) == ["1", "2", "3"] and hw2 == 3
    back, _ = switch_section(get_section(switched, "latest-update"), False, switched, hw2)
    assert back == get_section(box, "latest-update")


def test_a_month_edited_on_the_wiki_keeps_its_form(tmp_path):
    """Translate appears; a month a human corrected since the last publish is not rewritten
    (the next source change stays a conflict), the others switch and are remembered."""
    from ldwg_bot.runtime.store import open_store
    from ldwg_bot.updates.human import Guard
    from ldwg_bot.updates.plan import plan

    class Group:
        name, root, languages = "ldwg", "LDWG", ("es",)

        class updates:
            layout, page, latest_box, index_page = "sections", PAGE, "Template:Box", ""
            subpage_pattern = "{root}/Updates/{month}"

    conn = open_store(tmp_path / "store.sqlite")
    july, august = examples()
    september = update("September news.", month="2022-09")

    def run(text, updates, translatable):
        guard = Guard(conn, "site")
        targets, _ = plan(Group, updates, guard, translatable)
        new, _ = targets[0].transform(text, 0)
        guard.saved(PAGE, new, written=True, simulated=False)
        return new

    page = run("", [july, august], False)
    edited = page.replace("Hello from the", "Hello, from the")  # a human's correction in July
    page2 = run(edited, [september], True)
    assert get_section(page2, "update-2022-07") == get_section(edited, "update-2022-07")  # kept as it is
    assert is_translatable(get_section(page2, "update-2022-08"))  # switched
    assert is_translatable(get_section(page2, "update-2022-09"))
    page3 = run(page2, [september], True)  # next run: August is the bot's, nothing to do
    assert page3 == page2
    conn.close()
