"""publish-update's renderers in Spanish and Arabic (issue 25 part 3): the Updates section,
a month's subpage, the index, the latest-update box and every edit summary.

Every label must be in the page's language: no piece of an English message (``en.json``)
that the language words differently may appear. Month names are MediaWiki's own
(``languages/i18n/{es,ar}.json``, keys ``january`` ... ``december``, REL1_39). Arabic years
are compared through :func:`ldwg_bot.i18n.number`, so the expectations hold whether Arabic
is written with 0-9 or with Arabic-Indic digits (MediaWiki's ``MessagesAr.php`` has a
``digitTransformTable``); the digits themselves are checked in one marked test at the end.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ldwg_bot import i18n
from ldwg_bot.text.markers import get_section
from ldwg_bot.updates import subpages, words
from ldwg_bot.updates.page import publish_to_page
from ldwg_bot.updates.source import Month
from ldwg_bot.updates.subpages import BOX_SECTION, INDEX_SECTION, IndexEntry

from .util import check_translate_markup, update

ROOT = "Grupo de trabajo/Updates"
#: MediaWiki core's month names (languages/i18n/<code>.json, REL1_39), January first.
MEDIAWIKI_MONTHS = {
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}
MEDIAWIKI_I18N = Path("/usr/share/mediawiki/languages/i18n")
_MW_KEYS = "january february march april may_long june july august september october november december"
#: every catalog key publish-update's pages and summaries use (ldwg_bot/updates/words.py)
UPDATE_KEYS = [
    "ldwg-bot-comma-separator",
    "ldwg-bot-update-edit-summary-page",
    "ldwg-bot-update-edit-summary-index",
    "ldwg-bot-update-edit-summary-box",
    "ldwg-bot-update-edit-summary-box-copy",
    "ldwg-bot-update-latest",
    "ldwg-bot-update-announce-read",
    "ldwg-bot-update-index-item",
    *(f"ldwg-bot-month-{n}" for n in range(1, 13)),
]
JULY = Month(2022, 7)
AUGUST = Month(2022, 8)


def spanish_or_arabic_update(month: str = "2022-07"):
    """An update whose own words are Spanish, so any English left on the page is the bot's."""
    return update("## Hecho\n\nNos reunimos dos veces.", month=month, title="Noticias", summary="Empezamos.")


def english_pieces(lang: str) -> list[str]:
    """The literal pieces of each English message that ``lang`` words differently."""
    english, own = i18n.catalog(i18n.SOURCE), i18n.catalog(lang)
    out = []
    for key in UPDATE_KEYS:
        text = own.get(key, english[key])
        for piece in re.split(r"\$\d+", english[key]):
            piece = piece.strip()
            if re.search(r"[A-Za-z]{2}", piece) and piece not in text:
                out.append(piece)
    return out


def assert_no_english(text: str, lang: str) -> None:
    """No English label in what a reader sees. Link targets are left out: a subpage's title
    (``.../Updates/July 2022``) is its identity and stays as configured (see words.py)."""
    shown = re.sub(r"\[\[(?:<tvar[^>]*>)?[^|\]]*(?:</tvar>)?\|", "[[", text)
    leaked = [piece for piece in english_pieces(lang) if piece in shown]
    assert not leaked, f"English message text on a {lang} page: {leaked}\n{text}"


def label(lang: str, month: Month, start: bool = False) -> str:
    """The month as the language writes it: MediaWiki's month name, the year in its digits."""
    name = MEDIAWIKI_MONTHS[lang].split()[month.month - 1]
    name = name[:1].upper() + name[1:] if start else name
    year = i18n.number(lang, month.year)
    return f"{name} de {year}" if lang == "es" else f"{name} {year}"


def test_english_pieces_are_found():
    """The leak check itself: it knows what English text would look like."""
    assert {"Latest update:", "July", "ldwg-bot: publish update for"} <= set(english_pieces("es"))
    assert "publish index:" in " ".join(english_pieces("ar"))
    english_box, _ = subpages.render_latest_box(
        spanish_or_arabic_update(), f"{ROOT}/July 2022", None, 0, lang="en"
    )
    with pytest.raises(AssertionError, match="Latest update:"):
        assert_no_english(english_box, "es")


def test_publish_update_messages_have_no_plural():
    """No publish-update message depends on a count (a {{PLURAL:}} here would need tests of
    each language's forms, Arabic's six among them)."""
    for lang in ("en", "es", "ar"):
        for key in UPDATE_KEYS:
            assert "{{PLURAL:" not in i18n.raw(lang, key)[1], (lang, key)


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_month_names_are_mediawikis(lang):
    for n in range(1, 13):
        month = Month(2022, n)
        assert words.month_label(month, lang) == label(lang, month)
        assert words.month_label(month, lang, start=True) == label(lang, month, start=True)
        assert words.month_from_label(label(lang, month, start=True), lang) == month
    if (MEDIAWIKI_I18N / f"{lang}.json").is_file():  # the installed MediaWiki agrees
        core = json.loads((MEDIAWIKI_I18N / f"{lang}.json").read_text(encoding="utf-8"))
        assert [core[k] for k in _MW_KEYS.split()] == MEDIAWIKI_MONTHS[lang].split()


@pytest.mark.parametrize("translatable", [True, False])
@pytest.mark.parametrize("lang", ["es", "ar"])
def test_updates_section_in_language(lang, translatable):
    text, _ = publish_to_page("", spanish_or_arabic_update(), 0, translatable, lang=lang)
    heading = re.search(r"^== (.+?) ==", text, re.M)
    assert heading and heading.group(1) == label(lang, JULY, start=True)
    assert_no_english(text, lang)
    if translatable:
        check_translate_markup(text)
    # a second month goes above, also in the language; the first stays as it was
    both, _ = publish_to_page(text, spanish_or_arabic_update("2022-08"), 10, translatable, lang=lang)
    assert re.findall(r"^== (.+?) ==", both, re.M) == [label(lang, AUGUST, True), label(lang, JULY, True)]
    assert_no_english(both, lang)


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_month_subpage_has_no_bot_words(lang):
    """A month's subpage holds the update's own words only: nothing of the bot to translate."""
    text, _ = subpages.render_month_page(spanish_or_arabic_update(), None, 0)
    assert_no_english(text, lang)
    assert "Nos reunimos dos veces." in text and "== Hecho ==" in text


@pytest.mark.parametrize("translatable", [True, False])
@pytest.mark.parametrize("lang", ["es", "ar"])
def test_index_in_language(lang, translatable):
    july = subpages.index_entry(spanish_or_arabic_update(), f"{ROOT}/July 2022")
    page, high = subpages.add_to_index("", july, 0, translatable, lang)
    august = IndexEntry(AUGUST, f"{ROOT}/August 2022", "Seguimos.")
    page, high = subpages.add_to_index(page, august, high, translatable, lang)
    section = get_section(page, INDEX_SECTION) or ""
    assert_no_english(section, lang)
    lines = section.strip().split("\n")
    assert len(lines) == 2
    for line, month, summary in zip(lines, (AUGUST, JULY), ("Seguimos.", "Empezamos."), strict=True):
        assert f'data-ldwg-month="{month.slug}"' in line
        link = f"Special:MyLanguage/{ROOT}/{month.name}"
        item = words.index_item(f"[[{link}|{label(lang, month, start=True)}]]", summary, lang)
        assert item in line.replace("</tvar>", "").replace('<tvar name="page">', "")
    assert subpages.index_entries(section, lang) == [august, july]
    # read back in the wiki's language and rewritten unchanged: no edit
    assert subpages.add_to_index(page, august, high, translatable, lang) == (page, high)


@pytest.mark.parametrize("translatable", [True, False])
@pytest.mark.parametrize("lang", ["es", "ar"])
def test_latest_box_in_language(lang, translatable):
    u = spanish_or_arabic_update()
    box, high = subpages.render_latest_box(u, f"{ROOT}/July 2022", None, 0, translatable, lang)
    section = get_section(box, BOX_SECTION) or ""
    assert_no_english(section, lang)
    assert f"'''{i18n.message(lang, 'ldwg-bot-update-latest')}''' " in section
    assert f"|{label(lang, JULY)}]]" in section  # in running text: the month not capitalised
    assert "'''Noticias'''" in section and "Empezamos." in section
    assert subpages.box_month(box) == JULY
    assert subpages.render_latest_box(u, f"{ROOT}/July 2022", box, high, translatable, lang) == (box, high)


@pytest.mark.parametrize("lang", ["es", "ar"])
def test_edit_summaries_in_language(lang):
    months = [JULY, AUGUST]
    listed = i18n.message(lang, "ldwg-bot-comma-separator").join(label(lang, m) for m in months)
    summaries = {
        "page": words.summary_page(months, lang),
        "index": words.summary_index(months, lang),
        "box": words.summary_box(AUGUST, lang),
        "box copy": words.summary_box_copy(lang),
    }
    assert summaries["page"] == i18n.message(lang, "ldwg-bot-update-edit-summary-page", listed)
    assert summaries["index"] == i18n.message(lang, "ldwg-bot-update-edit-summary-index", listed)
    assert summaries["box"].endswith(label(lang, AUGUST))
    assert words.summary_page([JULY], lang).endswith(label(lang, JULY))  # one month: no separator
    for summary in summaries.values():
        assert_no_english(summary, lang)
    message = words.message_params(spanish_or_arabic_update(), "Lista", ROOT, lang)
    assert message["subject"] == "Noticias" and message["message"].startswith("Empezamos.\n\n")
    assert f"[[Special:MyLanguage/{ROOT}|" in message["message"] and label(lang, JULY) in message["message"]
    assert_no_english(message["message"], lang)


def test_spanish_labels_exactly():
    """Spanish as a reader writes it (RAE: "julio de 2022"; a heading starts with a capital)."""
    assert words.month_label(JULY, "es", start=True) == "Julio de 2022"
    assert words.summary_box(JULY, "es") == "ldwg-bot: publica la última actualización: julio de 2022"
    assert words.latest_label("es") == "Última actualización:"


def test_arabic_digits_marked():
    """DIGITS, kept apart on purpose: the only assertion on the shape of Arabic digits. The
    year is either 2022 or ٢٠٢٢ (MediaWiki's MessagesAr.php digitTransformTable), and it is
    written in the same digits as ldwg_bot.i18n.number, whichever of the two that is."""
    year = i18n.number("ar", 2022)
    assert year in ("2022", "٢٠٢٢")
    assert words.month_label(JULY, "ar") == f"يوليو {year}"
    assert words.month_from_label("يوليو ٢٠٢٢", "ar") == JULY == words.month_from_label("يوليو 2022", "ar")
