"""The status table in every shipped language (issue 25, part 3): every word from the catalog,
and the lines the bot reads back (the "data as of" line, the embedded numbers) found in any."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ldwg_bot import i18n
from ldwg_bot.translations.table import ASOF_MARK, canonical, parse_numbers, table_changed
from tests.i18n_scan import prose_words

from .fakes import PAGE
from .test_table import AS_OF, OTHER, render

#: the table's words; where a language's word differs from the English one, the English one
#: must not be on its page ("Total" is Spanish too, "Code" French)
KEYS = [
    "column-code",
    "column-language",
    "total",
    "cell-missing",
    "cell-current",
    "cell-outdated",
    "link-translate",
    "link-page",
    "link-start",
    "page-not-translatable",
]
OTHERS = [code for code in i18n.languages() if code != "en"]


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_word_on_a_page_in_another_language(lang):
    text = render(lang=lang)
    body = text.split("<!-- ldwg-bot-data")[0]  # the JSON keeps its language-free state names
    assert "Data as of" not in body
    words = " ".join(prose_words(body.replace(PAGE, "").replace(OTHER, ""))).lower()
    for key in KEYS:
        english, own = (i18n.message(code, "ldwg-bot-status-" + key) for code in ("en", lang))
        if own != english:
            assert english.lower() not in words, (lang, english)
    assert i18n.message(lang, "ldwg-bot-status-total") in body


@pytest.mark.parametrize("lang", i18n.languages())
def test_the_time_line_is_recognised_in_every_language(lang):
    old = render(lang=lang)
    later = render(lang=lang, as_of=AS_OF + timedelta(days=2))
    assert old != later
    assert not table_changed(old, later)
    assert ASOF_MARK not in canonical(later)
    words = max(i18n.message(lang, "ldwg-bot-data-as-of", "X").split("X"), key=len).strip()
    assert words and words not in canonical(later)
    assert parse_numbers(later) == parse_numbers(old)


def test_a_table_written_before_the_catalog_is_still_read():
    """Pages on the wiki have the English line without the marker: still only a time line."""
    old_style = render().replace(ASOF_MARK, "", 1)
    assert not table_changed(old_style, render(as_of=AS_OF + timedelta(hours=1)))


def test_a_new_language_is_a_change():
    assert table_changed(render(lang="en"), render(lang="es"))


def test_bangla_numbers_in_bangla_digits():
    text = render(lang="bn").split("<!-- ldwg-bot-data")[0]
    assert "'''৪৩%'''" in text
