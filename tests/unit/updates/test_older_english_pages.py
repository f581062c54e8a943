"""Index and box pages an older release wrote in English are read back by today's code, and
the next run rewrites them in the new shape, in the wiki's language (issue 25 part 3).

The page texts below are exactly what the release before commit 5361644 ("publish-update in
the wiki's content language") wrote: its ``subpages.add_to_index`` and ``render_latest_box``,
run from ``git archive 5361644^``, with and without Translate markup, plus the form without a
link (a target that was no valid title). They carry no ``data-ldwg-month``: the bot read them
by their English words, and must still.
"""

from __future__ import annotations

import pytest

from ldwg_bot.text.markers import find_sections, get_section
from ldwg_bot.updates import words
from ldwg_bot.updates.plan import plan
from ldwg_bot.updates.source import Month
from ldwg_bot.updates.subpages import BOX_SECTION, INDEX_SECTION, IndexEntry, box_month, index_entries
from tests.helpers import outside_text

from .util import check_translate_markup, update

U = "Leadership Development Working Group/Updates"
HUMAN_TOP = "The monthly updates of the group, newest first."
HUMAN_END = "Older news are on the talk page. -- Mira"

OLD_INDEX_TRANSLATE = (
    "<languages/>\n<!-- ldwg-bot:updates-index:start -->\n"
    f'* <translate><!--T:2--> [[<tvar name="page">Special:MyLanguage/{U}/August 2022</tvar>|August 2022]]:'
    " We met twice.</translate>\n"
    f'* <translate><!--T:1--> [[<tvar name="page">Special:MyLanguage/{U}/July 2022</tvar>|July 2022]]:'
    " We started.</translate>\n"
    "<!-- ldwg-bot:updates-index:end -->\n"
)
OLD_INDEX_PLAIN = (
    "<!-- ldwg-bot:updates-index:start -->\n"
    f"* [[Special:MyLanguage/{U}/August 2022|August 2022]]: We met twice.\n"
    f"* [[Special:MyLanguage/{U}/July 2022|July 2022]]: We started.\n"
    "<!-- ldwg-bot:updates-index:end -->\n"
)
OLD_INDEX_NO_LINK = (
    "<languages/>\n<!-- ldwg-bot:updates-index:start -->\n"
    "* <translate><!--T:1--> July 2022: We started.</translate>\n"
    "<!-- ldwg-bot:updates-index:end -->\n"
)
OLD_BOX_TRANSLATE = (
    "<noinclude><languages/></noinclude>\n<!-- ldwg-bot:latest-update:start -->\n"
    '<div class="ldwg-latest-update">\n<translate>\n<!--T:1-->\n'
    f"'''Latest update:''' [[<tvar name=\"link\">Special:MyLanguage/{U}/August 2022</tvar>|August 2022]]\n\n"
    "<!--T:2-->\n'''August news'''\n\n<!--T:3-->\nWe met twice.\n</translate>\n</div>\n"
    "<!-- ldwg-bot:latest-update:end -->\n"
)
OLD_BOX_PLAIN = (
    "<!-- ldwg-bot:latest-update:start -->\n"
    '<div class="ldwg-latest-update">\n'
    f"'''Latest update:''' [[Special:MyLanguage/{U}/August 2022|August 2022]]\n\n"
    "'''August news'''\n\nWe met twice.\n</div>\n"
    "<!-- ldwg-bot:latest-update:end -->\n"
)
OLD_BOX_NO_LINK = (
    "<!-- ldwg-bot:latest-update:start -->\n"
    "<div class=\"ldwg-latest-update\">\n'''Latest update:''' August 2022\n\n"
    "'''August news'''\n\nWe met twice.\n</div>\n"
    "<!-- ldwg-bot:latest-update:end -->\n"
)
JULY, AUGUST, SEPTEMBER = Month(2022, 7), Month(2022, 8), Month(2022, 9)
OLD_ENTRIES = [
    IndexEntry(AUGUST, f"{U}/August 2022", "We met twice."),
    IndexEntry(JULY, f"{U}/July 2022", "We started."),
]


class Group:
    """The config's group, as plan() reads it: the subpages layout (index and box)."""

    name, root, languages = "ldwg", "Leadership Development Working Group", ("es", "ar")

    class updates:
        layout, page, latest_box, index_page = "subpages", "", "Template:LDWG latest update", U
        subpage_pattern = "{root}/Updates/{month}"


def with_human_lines(text: str) -> str:
    """The old page after a human added a line above and below the bot's section."""
    head, marker, rest = text.partition("<!-- ldwg-bot:")
    return f"{head}{HUMAN_TOP}\n{marker}{rest}{HUMAN_END}\n"


def bar_added(old: str, new: str, bar: str) -> str:
    """The human part of ``old``, with the language bar on top when the new text has
    Translate markup and the old had no bar (a page switched to Translate's form)."""
    switched = "<translate>" in new and "<languages/>" not in old
    return (f"{bar}\n" if switched else "") + outside_text(old)


def targets(*updates, translatable: bool = True, lang: str = "es"):
    found, _ = plan(Group, list(updates), None, translatable, lang)
    return {t.kind: t for t in found}


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
@pytest.mark.parametrize("old", [OLD_INDEX_TRANSLATE, OLD_INDEX_PLAIN], ids=["translate", "plain"])
def test_old_index_is_read_back(old, lang):
    assert index_entries(get_section(old, INDEX_SECTION), lang) == OLD_ENTRIES


@pytest.mark.parametrize("lang", ["en", "es", "ar"])
def test_old_index_line_without_link_is_read_back(lang):
    assert index_entries(get_section(OLD_INDEX_NO_LINK, INDEX_SECTION), lang) == [
        IndexEntry(JULY, "", "We started.")
    ]


@pytest.mark.parametrize(
    "old", [OLD_BOX_TRANSLATE, OLD_BOX_PLAIN, OLD_BOX_NO_LINK], ids=["translate", "plain", "no-link"]
)
def test_old_box_month_is_read_back(old):
    assert box_month(old) == AUGUST
    assert box_month(with_human_lines(old)) == AUGUST


@pytest.mark.parametrize("translatable", [True, False])
@pytest.mark.parametrize("old", [OLD_INDEX_TRANSLATE, OLD_INDEX_PLAIN], ids=["translate", "plain"])
def test_next_run_rewrites_old_index_in_spanish(old, translatable):
    """September is published on a Spanish wiki: July and August, read from the English lines,
    are rewritten in the new shape and in Spanish; the human's lines stay as they were."""
    page = with_human_lines(old)
    new, high = targets(
        update("Septiembre.", month="2022-09", summary="Tercera reunión."), translatable=translatable
    )["index"].transform(page, 2)
    assert outside_text(new) == bar_added(page, new, "<languages/>")
    assert HUMAN_TOP in new and HUMAN_END in new and list(find_sections(new)) == [INDEX_SECTION]
    lines = (get_section(new, INDEX_SECTION) or "").strip().split("\n")
    for line, month in zip(lines, (SEPTEMBER, AUGUST, JULY), strict=True):
        assert f'<span data-ldwg-month="{month.slug}"></span>' in line
        assert f"|{words.month_label(month, 'es', start=True)}]]" in line
    assert "We met twice." in lines[1] and "We started." in lines[2]  # the summaries kept
    assert "|August 2022]]" not in new and "|July 2022]]" not in new
    assert index_entries(get_section(new, INDEX_SECTION), "es") == [
        IndexEntry(SEPTEMBER, f"{U}/September 2022", "Tercera reunión."),
        *OLD_ENTRIES,
    ]
    if translatable:
        check_translate_markup(new)
    # and the run after that finds nothing to change
    again = targets(
        update("Septiembre.", month="2022-09", summary="Tercera reunión."), translatable=translatable
    )["index"].transform(new, high)
    assert again == (new, high)


@pytest.mark.parametrize("translatable", [True, False])
@pytest.mark.parametrize(
    "old", [OLD_BOX_TRANSLATE, OLD_BOX_PLAIN, OLD_BOX_NO_LINK], ids=["translate", "plain", "no-link"]
)
def test_next_run_rewrites_old_box_in_spanish(old, translatable):
    page = with_human_lines(old)
    august = update("Agosto.", month="2022-08", title="Noticias de agosto", summary="Nos reunimos dos veces.")
    new, high = targets(august, translatable=translatable)["box"].transform(page, 3)
    assert outside_text(new) == bar_added(page, new, "<noinclude><languages/></noinclude>")
    assert HUMAN_TOP in new and HUMAN_END in new
    section = get_section(new, BOX_SECTION) or ""
    assert 'data-ldwg-month="2022-08"' in section and "Latest update:" not in section
    assert f"'''{words.latest_label('es')}''' [[" in section and "|agosto de 2022]]" in section
    assert box_month(new) == AUGUST
    assert targets(august, translatable=translatable)["box"].transform(new, high) == (new, high)


def test_old_box_is_never_moved_back():
    """An older month published alone leaves the old English box on its newer month."""
    july = update("Julio.", month="2022-07", summary="Empezamos.")
    new, _ = targets(july)["box"].transform(with_human_lines(OLD_BOX_TRANSLATE), 3)
    assert box_month(new) == AUGUST and HUMAN_END in new
