"""The message files themselves: banana format, complete, documented, safe to render.

translatewiki.net (and MediaWiki's own banana checker) expect one JSON object per language,
``@metadata`` with the authors, a ``qqq.json`` line for every key. On top of that the bot's
rule "never write what a human did not mean" asks that a translation carries the same
wikitext as the English message: no link, bold, template or line break of its own.
"""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.i18n import PREFIX, expand_plurals, fill, languages, message, messages_dir
from ldwg_bot.text.langcode import is_language_code

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path(str(messages_dir()))
SHIPPED = ("es", "pt", "ar", "bn", "fr")
FILES = sorted(FOLDER.glob("*.json"))
PARAM_RE = re.compile(r"\$(\d+)")
SELECTOR_RE = re.compile(r"\{\{PLURAL:\s*\$(\d+)")
NUMBERS = (0, 1, 2, 3, 11, 100, 101)


def load(name: str) -> dict:
    return json.loads((FOLDER / f"{name}.json").read_text(encoding="utf-8"))


@cache
def messages_of(name: str) -> dict[str, str]:
    return {k: v for k, v in load(name).items() if k != "@metadata"}


EN = messages_of("en")
QQQ = messages_of("qqq")


def test_the_languages_the_issue_asks_for_are_shipped():
    assert set(SHIPPED) | {"en"} <= set(languages())
    assert "qqq" not in languages()


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_each_file_is_banana_json_with_authors(path):
    data = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    assert path.stem == "qqq" or is_language_code(path.stem)
    meta = data.get("@metadata")
    assert isinstance(meta, dict) and isinstance(meta.get("authors"), list) and meta["authors"]
    assert all(isinstance(a, str) and a.strip() for a in meta["authors"])
    for key, value in data.items():
        if key != "@metadata":
            assert key.startswith(PREFIX), key
            assert isinstance(value, str) and value.strip(), key


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_key_of_every_language_is_in_english_and_documented(path):
    keys = set(messages_of(path.stem))
    assert keys - set(EN) == set(), "keys missing from en.json"
    assert keys - set(QQQ) == set(), "keys missing from qqq.json"


def test_english_and_the_documentation_have_the_same_keys():
    assert set(EN) == set(QQQ)


@pytest.mark.parametrize("key", sorted(EN))
def test_the_documentation_says_what_each_placeholder_holds(key):
    for n in set(PARAM_RE.findall(EN[key])):
        assert f"${n}" in QQQ[key], f"qqq.json {key} does not describe ${n}"


@pytest.mark.parametrize("lang", SHIPPED)
def test_shipped_languages_translate_every_message(lang):
    assert set(EN) - set(messages_of(lang)) == set()


@pytest.mark.parametrize("lang", SHIPPED)
def test_a_translation_has_every_placeholder_of_the_english_message_and_no_other(lang):
    for key, text in messages_of(lang).items():
        assert set(PARAM_RE.findall(text)) == set(PARAM_RE.findall(EN[key])), f"{lang} {key}"


@cache
def _samples(key: str) -> list[tuple[object, ...]]:
    """Parameters to render ``key`` with: each PLURAL selector through NUMBERS."""
    count = max((int(n) for n in PARAM_RE.findall(EN[key])), default=0)
    selectors = {int(n) for n in SELECTOR_RE.findall(EN[key])}
    for lang in SHIPPED:
        selectors |= {int(n) for n in SELECTOR_RE.findall(messages_of(lang).get(key, ""))}
    return [tuple(number if i in selectors else f"«p{i}»" for i in range(1, count + 1)) for number in NUMBERS]


def _markup(text: str) -> Counter:
    """The wikitext a message carries (apostrophe runs, brackets, pipes, tags, lines)."""
    found = Counter(re.findall(r"'{2,}", text))
    for token in ("[[", "]]", "{{", "}}", "|", "<", ">", "~~~", "__", "\n", "://"):
        found[token] = text.count(token)
    return found


@pytest.mark.parametrize("lang", SHIPPED)
def test_every_message_renders_with_the_same_markup_as_english(lang):
    for key in EN:
        for params in _samples(key):
            english = message("en", key, *params)
            text = message(lang, key, *params)
            assert "{{PLURAL" not in text and not PARAM_RE.search(text), f"{lang} {key}"
            assert _markup(text) == _markup(english), f"{lang} {key} {params}: {text!r}"
            assert text.strip() == text or (
                text[:1].isspace() == english[:1].isspace() and text[-1:].isspace() == english[-1:].isspace()
            ), key


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_every_message_renders_in_every_language_for_any_count(n):
    for lang in ("en", *SHIPPED, "pt-br", "es-formal", "arz"):
        for key in EN:
            params = tuple(n if isinstance(p, int) else p for p in _samples(key)[0])
            text = message(lang, key, *params)
            assert "{{PLURAL" not in text and not PARAM_RE.search(text), f"{lang} {key}"


def test_arabic_plurals_give_all_six_forms():
    for key, text in messages_of("ar").items():
        for match in re.finditer(r"\{\{PLURAL:[^|]*\|([^}]*)\}\}", text):
            forms = [f for f in match.group(1).split("|") if not re.match(r"\s*\d+\s*=", f)]
            assert len(forms) == 6, f"ar {key}: {len(forms)} forms in {match.group(0)}"


def test_arabic_counts_read_right_for_each_category():
    key = "ldwg-bot-summary-edit-summary"
    assert [message("ar", key, n) for n in (0, 1, 2, 3, 11, 100)] == [
        "ملخص التعليقات: 0 تعليق",
        "ملخص التعليقات: 1 تعليق",
        "ملخص التعليقات: 2 تعليقان",
        "ملخص التعليقات: 3 تعليقات",
        "ملخص التعليقات: 11 تعليقًا",
        "ملخص التعليقات: 100 تعليق",
    ]


def test_french_uses_a_no_break_space_before_colon_and_semicolon_and_curly_apostrophes():
    for key, text in messages_of("fr").items():
        plain = text.replace("Special:MyLanguage", "").replace("{{PLURAL:", "")
        for match in re.finditer(r"[:;]", plain):
            assert plain[match.start() - 1] == "\u00a0", f"fr {key}: {text!r}"
        assert not re.search(r"(?<!')'(?!')", text), f"fr {key}: straight apostrophe"


def test_portuguese_zero_reads_plural_through_explicit_forms():
    """MediaWiki counts 0 as singular in Portuguese; the messages that show a zero say "0 comentários"."""
    assert message("pt", "ldwg-bot-summary-edit-summary", 0) == "Resumo dos comentários: 0 comentários"
    assert message("pt", "ldwg-bot-summary-edit-summary", 1) == "Resumo dos comentários: 1 comentário"


def test_twelve_months_each_with_its_year():
    for lang in ("en", *SHIPPED):
        months = [message(lang, f"ldwg-bot-month-{n}", "2022") for n in range(1, 13)]
        assert len(set(months)) == 12 and all("2022" in m for m in months), lang


def test_the_keys_issue_25_part_5_needs_exist():
    for key in (
        "data-as-of",
        "other-languages",
        "page-name-feedback-summary",
        "page-name-translation-status",
        "page-name-updates",
    ):
        assert PREFIX + key in EN


def test_the_message_files_ship_in_the_wheel():
    """pyproject's package-data takes every message file (an editable install would not show it)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["ldwg_bot"]
    for path in FILES:
        relative = path.relative_to(ROOT / "ldwg_bot").as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), relative


def test_rendering_helpers_agree_with_message():
    text = EN["ldwg-bot-status-edit-summary"]
    assert fill(expand_plurals(text, "en", (1, 2)), (1, 2)) == message(
        "en", "ldwg-bot-status-edit-summary", 1, 2
    )
