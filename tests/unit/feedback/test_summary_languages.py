"""The feedback summary in every shipped language (issue 25, part 3): every label, heading and
note from the catalog; what people wrote stays as they wrote it."""

from __future__ import annotations

import re

import pytest

from ldwg_bot import i18n
from ldwg_bot.feedback.draft import Part
from tests.i18n_scan import prose_words

from .records import render_summary
from .test_summary import row

OTHERS = [code for code in i18n.languages() if code != "en"]


def every_part() -> tuple[list[dict], list]:
    """Rows that make every section and list of the summary appear."""
    forum = {
        **row(3, author="Rafi", section="Hilo", anchor="t7", source="forum"),
        "page": "https://forum.example.org/t/7",
        "permalink": "https://forum.example.org/t/7/1",
    }
    rows = [
        row(0, section="Tema", text="Hola"),
        row(1, author="Tomás", section="Tema", ts="2022-08-02T09:00:00Z", text="Olá"),
        row(2, author="Omar", source="Llamada", section="Cita", text="مرحبا"),
        forum,
        row(4, author="Farida", section="", text="Salut")
        | {"signature_check": "mismatch", "added_by": "Otro", "added_diff": "http://w/d"},
        row(5, author="Kofi", section="Otra", text="Bom") | {"signature_check": "future", "added_by": "Kofi"},
        row(6, section="Tema", status="removed"),
        row(7, author="Ana", section="Parte", text="Sí")
        | {"draft_parts": [{"part": "1", "method": "quote"}]},
    ]
    return rows, [Part("1", True, "Objetivos", {"es": "Objetivos"})]


def english_only_words(lang: str) -> set[str]:
    """Words of the English summary messages that the language's messages do not use."""

    def words(code: str) -> set[str]:
        texts = [
            i18n.message(code, k, *range(1, 8))
            for k in i18n.catalog("en")
            if k.startswith(("ldwg-bot-summary-", "ldwg-bot-comma"))
        ]
        return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]{2,}", t)}

    return words("en") - words(lang) - {"ldwg", "bot"}


@pytest.mark.parametrize("lang", OTHERS)
def test_no_english_label_left(lang):
    rows, parts = every_part()
    text = render_summary(rows, parts=parts, draft="Borrador", lang=lang)
    english = english_only_words(lang)
    assert "forum" in english or lang == "fr"  # the check has English words to look for
    left = {w for w in prose_words(text) if w.lower() in english}
    assert not left, (lang, left)
    for heading in (
        "totals",
        "threads",
        "sources",
        "languages",
        "not-answered",
        "signatures",
        "newest",
        "parts",
    ):
        assert f"=== {i18n.message(lang, 'ldwg-bot-summary-heading-' + heading)} ===" in text
    for written in ("Hola", "Olá", "مرحبا", "Tema", "Hilo", "Tomás"):  # people's words as written
        assert written in text


def test_english_plural_forms():
    rows, _ = every_part()
    text = render_summary(rows[:1])
    assert "'''1''' comment in '''1''' thread from '''1''' person" in text
    assert "* 1 talk page, 0 forum posts in 0 topics, 0 comments from imported surveys" in text


def test_bangla_numbers_and_arabic_words():
    rows, parts = every_part()
    bn = render_summary(rows, parts=parts, lang="bn")
    assert "'''৭'''" in bn and "'''7'''" not in bn  # seven live comments, in Bangla digits
    ar = render_summary(rows, parts=parts, lang="ar")
    assert i18n.message("ar", "ldwg-bot-summary-heading-totals") in ar


def test_unchanged_input_renders_the_same_text_in_every_language():
    rows, parts = every_part()
    for lang in i18n.languages():
        assert render_summary(rows, parts=parts, lang=lang) == render_summary(rows, parts=parts, lang=lang)
