"""The message loader: plural forms per language, fallbacks, parameters, errors.

The plural expectations are CLDR's, as MediaWiki's ``languages/data/plurals.xml`` has them
(see :mod:`ldwg_bot.i18n.plural`); they are written out here number by number so a wrong
rule cannot hide behind a shared helper.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot import i18n
from ldwg_bot.i18n import CatalogError, choose_form, expand_plurals, fill, lookup_chain, message
from ldwg_bot.i18n.fallback import chain
from ldwg_bot.i18n.plural import plural_category

SIX = "{{PLURAL:$1|zero|one|two|few|many|other}}"
_real_catalog = i18n.catalog


@pytest.mark.parametrize(
    "n, form",
    [
        (0, "zero"),
        (1, "one"),
        (2, "two"),
        (3, "few"),
        (10, "few"),
        (11, "many"),
        (99, "many"),
        (100, "other"),
        (101, "other"),
        (102, "other"),
        (103, "few"),
        (111, "many"),
        (200, "other"),
        (1011, "many"),
    ],
)
def test_arabic_picks_each_of_its_six_forms(n, form):
    assert expand_plurals(SIX, "ar", (n,)) == form
    assert plural_category("ar", n) == form


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**7))
def test_arabic_rule_against_the_cldr_ranges_written_out(n):
    """A second statement of CLDR's Arabic rule, by ranges of the last two digits."""
    last_two = n % 100
    expected = (
        "zero"
        if n == 0
        else "one"
        if n == 1
        else "two"
        if n == 2
        else "few"
        if last_two in range(3, 11)
        else "many"
        if last_two in range(11, 100)
        else "other"
    )
    assert plural_category("ar", n) == expected


@pytest.mark.parametrize("lang", ["fr", "pt", "pt-br", "bn", "hi"])
@pytest.mark.parametrize("n, form", [(0, "one"), (1, "one"), (2, "other"), (5, "other"), (100, "other")])
def test_zero_and_one_are_singular_in_french_portuguese_and_bangla(lang, n, form):
    assert expand_plurals("{{PLURAL:$1|one|other}}", lang, (n,)) == form


@pytest.mark.parametrize("lang", ["en", "es", "de", "es-formal"])
@pytest.mark.parametrize("n, form", [(0, "other"), (1, "one"), (2, "other"), (21, "other")])
def test_only_one_is_singular_in_english_and_spanish(lang, n, form):
    assert expand_plurals("{{PLURAL:$1|one|other}}", lang, (n,)) == form


def test_egyptian_arabic_counts_like_arabic_and_an_unknown_language_like_english():
    assert expand_plurals(SIX, "arz", (2,)) == "two"
    assert expand_plurals("{{PLURAL:$1|one|other}}", "xyz", (0,)) == "other"


def test_fewer_forms_than_categories_take_the_last_one():
    """MediaWiki's rule: an Arabic message with two forms uses the second beyond "one"."""
    assert [choose_form("ar", n, ["one", "other"]) for n in (0, 1, 2, 11)] == [
        "one",
        "other",
        "other",
        "other",
    ]
    assert choose_form("ar", 0, ["zero", "one", "other"]) == "zero"


def test_an_explicit_number_form_wins_over_the_rule():
    text = "{{PLURAL:$1|0=no pages|$1 page|$1 pages}}"
    assert [message_from(text, "pt", n) for n in (0, 1, 2)] == ["no pages", "1 page", "2 pages"]


def message_from(text: str, lang: str, *params: object) -> str:
    return fill(expand_plurals(text, lang, params), params)


def test_a_form_may_hold_a_link_with_a_label_and_a_nested_template():
    text = "{{PLURAL:$1|[[Page|one]] {{x|y}}|[[Page|many]]}}"
    assert message_from(text, "en", 1) == "[[Page|one]] {{x|y}}"
    assert message_from(text, "en", 7) == "[[Page|many]]"


def test_several_plurals_and_parameters_in_one_message():
    assert (
        message("en", "ldwg-bot-summary-totals-comments", 1, 2, 1)
        == "'''1''' comment in '''2''' threads from '''1''' person"
    )
    assert (
        message("ar", "ldwg-bot-summary-totals-comments", 2, 3, 11)
        == "'''2''' تعليقان في '''3''' نقاشات من '''11''' شخصًا"
    )


# -- fallbacks ------------------------------------------------------------------


def test_fallback_chains_follow_mediawiki():
    assert lookup_chain("pt-br") == ("pt-br", "pt", "en")
    assert lookup_chain("pt") == ("pt", "pt-br", "en")
    assert lookup_chain("es-formal") == ("es-formal", "es", "en")
    assert lookup_chain("arz") == ("arz", "ar", "en")
    assert lookup_chain("gl") == ("gl", "pt", "pt-br", "en")  # followed transitively
    assert lookup_chain("fr-ca") == ("fr-ca", "fr", "en")  # last subtag dropped
    assert lookup_chain("de") == ("de", "en")
    assert lookup_chain("en") == ("en",)
    assert "qqq" not in lookup_chain("qqq")


def test_a_key_missing_in_portuguese_falls_back_to_english(monkeypatch):
    key = "ldwg-bot-summary-empty"
    monkeypatch.setattr(i18n, "catalog", lambda lang: {} if lang in ("pt", "pt-br") else _real_catalog(lang))
    assert message("pt", key) == "No feedback yet."


def test_brazilian_portuguese_falls_back_to_portuguese():
    assert message("pt-br", "ldwg-bot-summary-empty") == message("pt", "ldwg-bot-summary-empty")
    assert message("pt-br", "ldwg-bot-summary-empty") != message("en", "ldwg-bot-summary-empty")


def test_an_empty_translation_counts_as_missing(monkeypatch):
    key = "ldwg-bot-summary-empty"
    monkeypatch.setattr(i18n, "catalog", lambda lang: {key: ""} if lang == "fr" else _real_catalog(lang))
    assert message("fr", key) == "No feedback yet."


def test_a_message_found_through_a_fallback_uses_that_languages_plural_rule(monkeypatch):
    key = "ldwg-bot-test"
    monkeypatch.setattr(i18n, "catalog", lambda lang: {key: SIX} if lang == "ar" else {})
    assert message("arz", key, 2) == "two"


def test_chain_is_cached_and_never_holds_the_language_itself():
    assert "pt" not in chain("pt") and chain("pt") is chain("pt")


# -- parameters and errors ----------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_a_parameter_is_inserted_as_given_and_never_read_as_markup(value):
    """A user name like "$2" or "{{PLURAL:$1|a|b}}" stays itself: one pass, no re-reading."""
    out = message("en", "ldwg-bot-summary-imported-source", value)
    assert out == f"{value} (import)"


def test_a_missing_parameter_is_an_error_not_a_half_filled_message():
    with pytest.raises(CatalogError, match=r"uses \$2 but was given 1 parameter"):
        message("en", "ldwg-bot-status-edit-summary", 3)


def test_plural_needs_a_whole_number():
    with pytest.raises(CatalogError, match="whole number"):
        message("en", "ldwg-bot-summary-edit-summary", "many")
    assert message("en", "ldwg-bot-summary-edit-summary", "3") == "Feedback summary: 3 comments"


def test_an_unknown_key_names_the_files_to_add_it_to():
    with pytest.raises(CatalogError, match="en.json; add it there and in qqq.json"):
        message("fr", "ldwg-bot-no-such-message")


def test_an_unclosed_plural_is_an_error():
    with pytest.raises(CatalogError, match="never closed"):
        expand_plurals("{{PLURAL:$1|a|b", "en", (1,))


def test_a_broken_message_file_is_one_clear_error(tmp_path, monkeypatch):
    (tmp_path / "xx.json").write_text('{"ldwg-bot-a": "x",}', encoding="utf-8")
    (tmp_path / "yy.json").write_text(json.dumps({"other-key": "x"}), encoding="utf-8")
    monkeypatch.setattr(i18n, "messages_dir", lambda: tmp_path)
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(CatalogError, match=r"messages/xx.json: not valid JSON .*; fix the file"):
            i18n.catalog("xx")
        with pytest.raises(CatalogError, match=r"yy.json: key 'other-key': keys start with"):
            i18n.catalog("yy")
        assert i18n.catalog("../en") == {}  # not a language code: no file is read
    finally:
        i18n.catalog.cache_clear()


# -- living beside pywikibot's own i18n ---------------------------------------


def test_pywikibot_i18n_still_finds_its_own_bundle_after_ours_is_used():
    """We never call ``set_messages_package``: pywikibot's prompts keep their translations."""
    pytest.importorskip("pywikibot")
    from pywikibot import i18n as pwb_i18n

    before = pwb_i18n._messages_package_name
    message("ar", "ldwg-bot-summary-edit-summary", 3)
    assert pwb_i18n._messages_package_name == before
    assert pwb_i18n.twtranslate("fr", "pywikibot-enter-category-name")
    assert pwb_i18n.twtranslate("en", "pywikibot-enter-category-name") == "Please enter the category name:"


# -- numbers ------------------------------------------------------------------


def test_a_whole_number_is_written_in_the_readers_digits():
    assert message("bn", "ldwg-bot-status-edit-summary", 3, 14) == "অনুবাদের অবস্থা: ৩টি পাতা, ১৪টি ভাষা"
    assert message("bn", "ldwg-bot-month-7", 2022) == "জুলাই ২০২২"
    assert message("en", "ldwg-bot-month-7", 2022) == "July 2022"
    assert message("ar", "ldwg-bot-month-7", 2022) == "يوليو 2022"
    assert message("bpy", "ldwg-bot-month-7", 2022).endswith("২০২২")  # through its fallback


def test_a_number_already_in_bangla_digits_still_selects_the_plural_form():
    from ldwg_bot.i18n import number

    assert number("bn", 1205) == "১২০৫" and number("fr", 1205) == "1205"
    assert expand_plurals("{{PLURAL:$1|one|other}}", "bn", (number("bn", 1),)) == "one"
    assert expand_plurals("{{PLURAL:$1|one|other}}", "bn", (number("bn", 7),)) == "other"


def test_a_translator_adds_a_language_with_one_file(tmp_path, monkeypatch):
    """docs/translating.md: a new <code>.json is found; what it leaves out is English."""
    import shutil

    for path in i18n.messages_dir().iterdir():
        if path.name.endswith(".json"):
            shutil.copy(str(path), tmp_path / path.name)
    (tmp_path / "de.json").write_text(
        json.dumps(
            {
                "@metadata": {"authors": ["Beispiel"]},
                "ldwg-bot-summary-edit-summary": "Zusammenfassung: $1 {{PLURAL:$1|Kommentar|Kommentare}}",
            }
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(i18n, "messages_dir", lambda: tmp_path)
    i18n.catalog.cache_clear()
    try:
        assert "de" in i18n.languages()
        assert message("de", "ldwg-bot-summary-edit-summary", 1) == "Zusammenfassung: 1 Kommentar"
        assert message("de", "ldwg-bot-summary-empty") == "No feedback yet."
    finally:
        i18n.catalog.cache_clear()
