"""The bot's message catalog: every word it writes on a wiki or the forum, in each language.

The messages live in ``ldwg_bot/i18n/messages/<code>.json`` in the banana JSON format of
MediaWiki and translatewiki.net: one file per language, ``@metadata`` with the authors, keys
prefixed ``ldwg-bot-``, ``en.json`` the source and ``qqq.json`` one documentation line per key.
A message has positional parameters ``$1``, ``$2``... and ``{{PLURAL:$1|one form|other form}}``.

Why our own small loader and not ``pywikibot.i18n.twtranslate`` or banana-i18n 0.1.3
(both read and tried, December 2026; pywikibot 11.9):

- Both pick the wrong form for 0 in Bangla and Portuguese. Their plural tables (banana-i18n's
  is pywikibot's of 2018) have no entry for ``bn`` or ``pt``, so those get "1 is singular,
  everything else plural"; CLDR and MediaWiki make 0 singular there too (see :mod:`.plural`).
  Arabic's six forms and French are right in both.
- Both use Python ``%(name)s`` parameters instead of banana's ``$1``: a translator's literal
  ``%`` (French and Arabic write "50 %") breaks the message, and a message written for
  MediaWiki or translatewiki.net's banana groups does not work unchanged.
- pywikibot finds a bundle by the key's text before its first hyphen (``ldwg-bot-x`` would
  live in a folder ``ldwg``), and ``set_messages_package`` is global: pointing it at our
  package hides pywikibot's own bundle (its ``pywikibot-*`` prompts and edit-summary prefix)
  from every other caller in the process. Its fallback table is about which wiki's language
  to borrow; ``es-formal`` goes straight to English there.
- banana-i18n, unmaintained since 2020, opens the files in the locale's encoding (Arabic
  breaks under a C locale) and, when a parameter is missing, silently returns the message
  with ``%(name)s`` still in it -- the bot would write that on a wiki.

So this module reads the same banana files with the standard library: lookup along
MediaWiki's fallback chains (:mod:`.fallback`), CLDR plural rules for the languages we ship
(:mod:`.plural`), ``$n`` parameters filled in one pass (a parameter's own text is never read
as a parameter or a ``{{PLURAL:}}``), and an error instead of a half-filled message.
Parameters go in as given: a renderer escapes anything from outside first
(:func:`ldwg_bot.text.wikitext.escape_wikitext`). A whole number (``int``) is written with the
reader's digits (:func:`number`), as MediaWiki's ``formatNum`` does for a ``numParam``.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from ..errors import LdwgError
from ..text.langcode import is_language_code
from .fallback import chain
from .plural import plural_index

PREFIX = "ldwg-bot-"
SOURCE = "en"
DOCS = "qqq"
_PARAM_RE = re.compile(r"\$(\d+)")
_PLURAL_OPEN = "{{PLURAL:"
_EXPLICIT_RE = re.compile(r"^\s*(\d+)\s*=(.*)$", re.DOTALL)
#: languages whose text writes numbers in their own digits (Bangla: ০১২৩৪৫৬৭৮৯, as Bangla
#: Wikipedia's articles and MediaWiki's ``MessagesBn.php`` digit table do). Arabic keeps 0-9,
#: the digits of Arabic Wikipedia's articles and of the Maghreb.
DIGITS = {"bn": "০১২৩৪৫৬৭৮৯"}


class CatalogError(LdwgError):
    """A message file is not valid banana JSON, or a message is asked for wrongly."""


def messages_dir() -> Traversable:
    """The folder of the message files, inside the installed package."""
    return resources.files(__name__).joinpath("messages")


def languages() -> list[str]:
    """Codes of the shipped languages (``qqq`` is documentation, not a language)."""
    return sorted(
        p.name[:-5] for p in messages_dir().iterdir() if p.name.endswith(".json") and p.name != f"{DOCS}.json"
    )


@cache
def catalog(lang: str) -> dict[str, str]:
    """The messages of one file (``{}`` when the language has none), ``@metadata`` left out."""
    if not is_language_code(lang):  # also keeps the name inside the folder
        return {}
    path = messages_dir().joinpath(f"{lang}.json")
    if not path.is_file():
        return {}
    name = f"ldwg_bot/i18n/messages/{lang}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise CatalogError(f"{name}: not valid JSON ({exc}); fix the file") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{name}: the file must hold one JSON object of key: message")
    out: dict[str, str] = {}
    for key, value in data.items():
        if key == "@metadata":
            continue
        if not key.startswith(PREFIX) or not isinstance(value, str):
            raise CatalogError(
                f"{name}: key {key!r}: keys start with {PREFIX!r} and every "
                "message is a string; fix or remove it"
            )
        out[key] = value
    return out


def lookup_chain(lang: str) -> tuple[str, ...]:
    """The languages a message is looked for in: ``lang``, its fallbacks, English."""
    codes = (lang, *chain(lang), SOURCE)
    return tuple(dict.fromkeys(c for c in codes if c != DOCS))


def raw(lang: str, key: str) -> tuple[str, str]:
    """``(language found in, message text)`` of ``key`` for a reader of ``lang``."""
    for code in lookup_chain(lang):
        text = catalog(code).get(key)
        if text:
            return code, text
    raise CatalogError(
        f"no message {key!r} in ldwg_bot/i18n/messages/{SOURCE}.json; add it there and in qqq.json"
    )


def message(lang: str, key: str, *params: object) -> str:
    """The text of ``key`` for a reader of ``lang``, with ``$1``... replaced by ``params``.

    ``{{PLURAL:$n|...}}`` is resolved with the rule of the language the message was found
    in (a Brazilian reader of a Portuguese fallback gets Portuguese forms)."""
    found, text = raw(lang, key)
    text = expand_plurals(text, found, params, key)
    return fill(text, params, key, lang)


def number(lang: str, n: int) -> str:
    """``n`` in the digits a reader of ``lang`` (or of its fallbacks) writes; no grouping
    separators, like the bot's English output."""
    digits = next((DIGITS[c] for c in (lang, *chain(lang)) if c in DIGITS), None)
    text = str(n)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def fill(text: str, params: tuple[object, ...], key: str = "", lang: str = SOURCE) -> str:
    """``$n`` -> the n-th parameter, in one pass; a missing parameter is an error."""

    def one(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if not 1 <= n <= len(params):
            raise CatalogError(f"message {key!r} uses ${n} but was given {len(params)} parameter(s)")
        value = params[n - 1]
        if isinstance(value, int) and not isinstance(value, bool):
            return number(lang, value)
        return str(value)

    return _PARAM_RE.sub(one, text)


def expand_plurals(text: str, lang: str, params: tuple[object, ...], key: str = "") -> str:
    """Every ``{{PLURAL:selector|forms}}`` in ``text`` replaced by the form for its number."""
    out: list[str] = []
    pos = 0
    while (start := text.find(_PLURAL_OPEN, pos)) != -1:
        end, parts = _split_call(text, start + len(_PLURAL_OPEN))
        if end is None:
            raise CatalogError(f"message {key!r}: '{{{{PLURAL:' is never closed")
        number = _selector_value(parts[0], params, key)
        chosen = choose_form(lang, number, parts[1:])
        out += [text[pos:start], expand_plurals(chosen, lang, params, key)]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def choose_form(lang: str, number: int, forms: list[str]) -> str:
    """MediaWiki's choice: an explicit ``N=text`` form for that number, else the form at the
    language's position for the number, else the last form."""
    plain: list[str] = []
    for form in forms:
        explicit = _EXPLICIT_RE.match(form)
        if explicit:
            if int(explicit.group(1)) == number:
                return explicit.group(2)
        else:
            plain.append(form)
    if not plain:
        return ""
    index = plural_index(lang, number, chain(lang))
    return plain[min(index, len(plain) - 1)]


def _selector_value(selector: str, params: tuple[object, ...], key: str) -> int:
    selector = selector.strip()
    ref = _PARAM_RE.fullmatch(selector)
    value: object = selector
    if ref:
        n = int(ref.group(1))
        if not 1 <= n <= len(params):
            raise CatalogError(f"message {key!r}: PLURAL uses ${n} but was given {len(params)} parameter(s)")
        value = params[n - 1]
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).lstrip("-").isdigit():
        raise CatalogError(f"message {key!r}: PLURAL needs a whole number, got {value!r}")
    return int(value)


def _split_call(text: str, pos: int) -> tuple[int | None, list[str]]:
    """From just after ``{{PLURAL:``: the end of the call and its ``|``-separated parts.

    A ``|`` inside a nested ``{{...}}`` or ``[[...]]`` separates nothing, as in MediaWiki's
    preprocessor (a form may hold a link with a label)."""
    parts: list[str] = []
    depth: list[str] = []
    begin = i = pos
    while i < len(text):
        two = text[i : i + 2]
        if two in ("{{", "[["):
            depth.append("}}" if two == "{{" else "]]")
            i += 2
        elif depth and two == depth[-1]:
            depth.pop()
            i += 2
        elif not depth and two == "}}":
            parts.append(text[begin:i])
            return i + 2, parts
        elif not depth and text[i] == "|":
            parts.append(text[begin:i])
            begin = i = i + 1
        else:
            i += 1
    return None, parts


__all__ = [
    "CatalogError",
    "PREFIX",
    "catalog",
    "choose_form",
    "expand_plurals",
    "fill",
    "languages",
    "lookup_chain",
    "message",
    "messages_dir",
    "number",
    "raw",
]
