"""Translate's rules the bot relies on, checked against what Translate REL1_39 recorded.

The rules, in our words (upstream mediawiki/extensions/Translate, branch REL1_39):

1. Units (``src/PageTranslation/TranslatablePageParser.php``): a ``<translate>`` block
   is cut into units at blank lines; a unit is named by a ``<!--T:n-->`` marker on the
   line before it, or at the end of its line for a heading; marking a page gives every
   unit without a marker the next free number and writes the marker there. A unit's
   text, as translators get it, is its wikitext without the marker.
2. Outdated translations (``src/PageTranslation/TranslatablePage.php`` and the mark
   form, ``src/PageTranslation/PageTranslationSpecialPage.php``): a unit that keeps its
   number but changes its text has its translations marked outdated ("fuzzy") when
   the page is marked again, unless the admin opts out per unit; the others keep theirs.
3. Rendering (``src/PageTranslation/Hooks.php``): the source page is shown without
   the markup -- no tags, no markers, a ``<tvar>`` as its value -- with the language
   bar where ``<languages/>`` is. So the page a reader sees with Translate is the
   plain page the bot writes without it.

The recordings: the source text Translate had marked (the request of
``edit_source_page_change_units.json`` in REQUESTS.tsv), the unit definitions it
serves (``messagecollection_pt_fv2.json``), the outdated units after the re-mark
(``messagecollection_ar_fv2.json``, ``messagegroupstats_final_fv2.json``) and the
rendered pages (``parse_source_page_fv2.json``, ``parse_translation_page_ar_fv2.json``).
"""

from __future__ import annotations

import re
from html import unescape

from ldwg_bot.updates.plain import section_to_plain
from ldwg_bot.updates.translatable import Unit, assign_ids, number, parse_units, skeleton
from ldwg_bot.updates.wikitext import strip_translate_markup, wikitext_blocks
from tests.replay import recordings
from tests.shared import translate_fixture

PAGE = "Leadership Development Working Group/Updates"


def marked_by_translate() -> str:
    """The source page after Translate marked it (its markers), as the recorded edit sent it."""
    return recordings()["edit_source_page_change_units.json"].params["text"]


def first_text() -> str:
    return recordings()["edit_source_page_create.json"].params["text"]


def definitions(fixture: str = "messagecollection_pt_fv2.json") -> dict[str, dict]:
    rows = translate_fixture(fixture)["query"]["messagecollection"]
    return {r["key"].rsplit("/", 1)[1]: r for r in rows if not r["key"].endswith("Page_display_title")}


def test_units_are_read_as_translate_serves_them():
    units = parse_units(marked_by_translate())
    assert {u.id: u.text for u in units} == {k: r["definition"] for k, r in definitions().items()}


def test_bot_writes_markers_where_translate_writes_them():
    """The same blocks, numbered by the bot from 1: exactly the text Translate saved when marking."""
    recorded = marked_by_translate()
    body = strip_translate_markup(recorded)
    ours, high = number(skeleton(wikitext_blocks(body, base_level=2)), None, "", 0)
    assert "<languages/>\n" + ours == recorded
    assert high == 6 == len(definitions())


def test_edited_units_keep_their_numbers_and_only_they_go_outdated():
    """Units 3 and 6 were edited: the bot keeps every number, Translate outdated exactly those."""
    before = [
        Unit(str(n), text)
        for n, text in enumerate(
            [
                u.text
                for u in parse_units(
                    number(
                        skeleton(wikitext_blocks(strip_translate_markup(first_text()), base_level=2)),
                        None,
                        "",
                        0,
                    )[0]
                )
            ],
            start=1,
        )
    ]
    after = [u.text for u in parse_units(marked_by_translate())]
    ids, _ = assign_ids(after, before, 7)
    assert ids == ["1", "2", "3", "4", "5", "6"]
    edited = {i for i, old, new in zip(ids, before, after, strict=True) if old.text != new}
    fuzzy = {k for k, r in definitions("messagecollection_ar_fv2.json").items() if "fuzzy" in r["tags"]}
    assert edited == fuzzy == {"3", "6"}
    ar = next(
        r
        for r in translate_fixture("messagegroupstats_final_fv2.json")["query"]["messagegroupstats"]
        if r["code"] == "ar"
    )
    assert ar["fuzzy"] == 2
    assert (
        translate_fixture("parse_translation_page_ar_fv2.json")["parse"]["text"].count(
            'class="mw-translate-fuzzy"'
        )
        == 2
    )


def _visible_blocks(html: str) -> list[str]:
    html = html.split('<div class="mw-pt-languages', 1)[0] + html.split("</ul></div>", 1)[-1]
    blocks = re.findall(r'<p>(.*?)</p>|<span class="mw-headline"[^>]*>(.*?)</span>', html, re.S)
    return [unescape(p or h).strip() for p, h in blocks]


def test_translate_shows_the_page_the_bot_writes_without_it():
    """Translate's rendering of the recorded source page = the plain form of the same text."""
    shown = _visible_blocks(translate_fixture("parse_source_page_fv2.json")["parse"]["text"])
    plain = section_to_plain(marked_by_translate().removeprefix("<languages/>\n"))
    ours = [re.sub(r"^==+ (.*?) ==+$", r"\1", block) for block in plain.split("\n\n")]
    assert shown == ours
    for markup in ("<translate", "<!--T:", "<languages", "<tvar"):
        assert markup not in plain
