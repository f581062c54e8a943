"""Render the status table (the content between the bot's markers) and tell
whether a new rendering is worth an edit.

Layout: a line "Data as of … UTC", then a ``wikitable sortable`` with one row
per language (code, native name) and one column per page, and a totals row
that stays at the bottom when sorting. A cell shows Translate's percent on a
background of its language-bar band (thresholds and colours in
:mod:`.model`), the change since the table was last edited (``+12%``), the
number of outdated units, the last change and links to the translation page
and to ``Special:Translate``.

The numbers are also embedded as JSON in a hidden comment
(``<!-- ldwg-bot-data {...} -->``), so :func:`parse_numbers` reads a table back
without scraping it, and :func:`table_changed` compares two renderings with
the time line and the change markers taken out: a run whose only news is the
time does not edit.

Every name and label is escaped (:func:`ldwg_bot.text.wikitext.escape_wikitext`: HTML
character references, as MediaWiki's ``wfEscapeWikiText`` does, a little stricter) and every page
title goes through :func:`ldwg_bot.text.wikitext.wiki_link`, so titles with ``!!``, ``''``, ``__`` or
``~~~`` cannot break the table, the links or the pre-save transform.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from functools import partial
from urllib.parse import quote_plus

from .. import i18n
from ..text.wikitext import escape_wikitext, wiki_link
from .model import (
    BAND_BACKGROUNDS,
    COMPLETE,
    CURRENT,
    MISSING,
    NOT_TRANSLATABLE,
    OUTDATED,
    PARTIAL,
    UNKNOWN,
    Cell,
    band_background,
    format_timestamp,
    parse_timestamp,
    translate_percent,
)
from .stats import group_id

DATA_COMMENT = "ldwg-bot-data"
MISSING_STYLE = "background:#f8f9fa;color:#72777d"
UNKNOWN_STYLE = "background:#ffffff;color:#54595d"
OUTDATED_PAGE_STYLE = "background:#fef6e7"  # subpage older than the source (no Translate)
CURRENT_STYLE = f"background:{BAND_BACKGROUNDS['complete']}"
#: the marker before the "data as of" line: how :func:`canonical` finds that line in any
#: language (older tables, written before the catalog, have the English words and no marker)
ASOF_MARK = '<span class="ldwg-asof"></span>'
_ASOF_RE = re.compile(r"^(?:" + re.escape(ASOF_MARK) + r"[^\n]*|''Data as of [^\n]*'')$\n?", re.MULTILINE)
#: the reader's page notes (``reader.PAGE_MISSING``...) -> their message
_NOTE_KEYS = {
    "page missing": "ldwg-bot-status-page-missing",
    "not translatable": "ldwg-bot-status-page-not-translatable",
}
_DELTA_RE = re.compile(r' <small class="ldwg-delta">[^<]*</small>')
_DATA_RE = re.compile(r"<!-- " + DATA_COMMENT + r" (.*?) -->", re.DOTALL)


def php_urlencode(value: str) -> str:
    """PHP ``urlencode``: what ``wfArrayToCgi`` uses for Translate's own links."""
    return quote_plus(value, safe="").replace("~", "%7E")


def page_link(title: str, label: str) -> str:
    """``[[:title|label]]``; the label alone when ``title`` is no valid page title."""
    return wiki_link(title, escape_wikitext(label), colon=True)


def translate_link(title: str, code: str, label: str) -> str:
    """External link to Special:Translate for the page and language, with
    the parameters of Translate's ``TranslatablePage::getTranslationUrl``."""
    query = f"group={php_urlencode(group_id(title))}&action=page&filter=&language={php_urlencode(code)}"
    # "__NOTOC__" in a page name would be a live magic word even inside {{fullurl:}}.
    query = re.sub(r"_(?=_)|(?<=_)_", "%5F", query)
    return f"[{{{{fullurl:Special:Translate|{query}}}}} {escape_wikitext(label)}]"


# -- language names (meta=languageinfo) ---------------------------------------


def languageinfo_params(codes: Iterable[str], *, batch: int = 50) -> list[dict]:
    """``meta=languageinfo&liprop=autonym`` requests, ``batch`` codes each
    (50 values a parameter without apihighlimits). The caller follows
    ``licontinue`` (the module stops after 3 s)."""
    codes = sorted(set(codes))
    return [
        {
            "action": "query",
            "meta": "languageinfo",
            "liprop": "autonym",
            "licode": "|".join(codes[i : i + batch]),
            "formatversion": 2,
        }
        for i in range(0, len(codes), batch)
    ]


def autonyms_from_response(response: Mapping) -> dict[str, str]:
    """``code -> autonym`` from a languageinfo answer (empty autonyms left out)."""
    info = (response.get("query") or {}).get("languageinfo") or {}
    return {
        code: data["autonym"]
        for code, data in info.items()
        if isinstance(data, Mapping) and data.get("autonym")
    }


# -- rendering ----------------------------------------------------------------


def _cell_numbers(cell: Cell) -> list:
    return [
        cell.page,
        cell.language,
        cell.state,
        cell.percent,
        cell.outdated,
        cell.translated,
        cell.total,
        cell.proofread,
        format_timestamp(cell.last_change),
    ]


def numbers_of(cells: Iterable[Cell]) -> dict[tuple[str, str], list]:
    """The comparable numbers of each cell, by (page, language)."""
    return {cell.key: _cell_numbers(cell) for cell in cells}


def _data_comment(pages: Sequence[str], languages: Sequence[str], cells: Iterable[Cell]) -> str:
    data = {
        "version": 1,
        "pages": list(pages),
        "languages": list(languages),
        "cells": sorted(numbers_of(cells).values()),
    }
    # No ">" in the comment, so no "-->" can end it early; characters the API would change on
    # the way in (controls, combining marks NFC could merge) as JSON escapes, so the saved
    # comment is the one sent.
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace(">", "\\u003e")
    return f"<!-- {DATA_COMMENT} {''.join(map(_stable_char, text))} -->"


def _stable_char(c: str) -> str:
    if (
        ord(c) < 0x20
        or 0x7F <= ord(c) < 0xA0
        or c in "\ufffe\uffff"
        or unicodedata.combining(c)
        or unicodedata.normalize("NFC", c) != c
    ):
        return json.dumps(c)[1:-1] if ord(c) > 0xFFFF else f"\\u{ord(c):04x}"
    return c


def _delta(cell: Cell, previous: Mapping[tuple[str, str], int | None] | None) -> str:
    if previous is None or cell.percent is None:
        return ""
    before = previous.get(cell.key)
    if before is None or before == cell.percent:
        return ""
    return f' <small class="ldwg-delta">({cell.percent - before:+d}%)</small>'


def _small(parts: list[str], lang: str) -> str:
    parts = [p for p in parts if p]
    dot = i18n.message(lang, "ldwg-bot-dot-separator")
    return f"<br /><small>{dot.join(parts)}</small>" if parts else ""


def _render_cell(
    cell: Cell | None, page: str, code: str, *, uses_translate: bool, previous, lang: str
) -> str:
    msg = partial(i18n.message, lang)
    links = [page_link(f"{page}/{code}", msg("ldwg-bot-status-link-page"))]
    if uses_translate:
        links.append(translate_link(page, code, msg("ldwg-bot-status-link-translate")))
    if cell is None or cell.state == UNKNOWN:
        when = cell.last_change.strftime("%Y-%m-%d") if cell and cell.last_change else ""
        return f'| style="{UNKNOWN_STYLE}" data-sort-value="-1" | ?' + _small([when] + links, lang)
    if cell.state == NOT_TRANSLATABLE:
        word = msg("ldwg-bot-status-cell-not-translatable")
        return f'| style="{UNKNOWN_STYLE}" data-sort-value="-2" | {word}'
    if cell.state == MISSING:
        start = [translate_link(page, code, msg("ldwg-bot-status-link-start"))] if uses_translate else []
        word = msg("ldwg-bot-status-cell-missing")
        return f'| style="{MISSING_STYLE}" data-sort-value="0" | {word}' + _small(start, lang)
    when = cell.last_change.strftime("%Y-%m-%d") if cell.last_change else ""
    if cell.percent is None:  # without Translate: current or outdated subpage
        style, sort = (CURRENT_STYLE, 2) if cell.state == CURRENT else (OUTDATED_PAGE_STYLE, 1)
        word = msg(f"ldwg-bot-status-cell-{cell.state}")
        return f'| style="{style}" data-sort-value="{sort}" | {word}' + _small([when] + links, lang)
    lines = f'| style="background:{band_background(cell.percent)}" data-sort-value="{cell.percent}" | '
    lines += f"'''{i18n.number(lang, cell.percent)}%'''" + _delta(cell, previous)
    if cell.outdated:
        lines += f"<br /><small>{msg('ldwg-bot-status-outdated-units', cell.outdated)}</small>"
    return lines + _small([when] + links, lang)


def _render_total(cells: list[Cell], lang: str) -> str:
    count = {
        state: sum(1 for c in cells if c.state == state)
        for state in (COMPLETE, PARTIAL, CURRENT, OUTDATED, MISSING, UNKNOWN)
    }
    known = [c for c in cells if c.total is not None and c.translated is not None]
    parts = [
        i18n.message(lang, f"ldwg-bot-status-count-{s}", count[s])
        for s in (COMPLETE, PARTIAL, CURRENT, OUTDATED, MISSING, UNKNOWN)
        if count[s]
    ]
    total = sum(c.total or 0 for c in known)
    if known and total:
        done = translate_percent(sum(c.translated or 0 for c in known), total)
        head = f"| data-sort-value=\"{done}\" | '''{i18n.number(lang, done)}%'''"
    else:
        head = "| "
    return head + _small(parts, lang)


def render_table(
    cells: Iterable[Cell],
    *,
    pages: Sequence[str],
    languages: Sequence[str],
    names: Mapping[str, str],
    as_of: datetime,
    previous: Mapping[tuple[str, str], int | None] | None = None,
    without_translate: Collection[str] = (),
    page_notes: Mapping[str, str] | None = None,
    page_labels: Mapping[str, str] | None = None,
    lang: str = i18n.SOURCE,
) -> str:
    """The section content: time line, table, embedded numbers.

    ``names`` maps codes to native names (the code stands in when absent);
    ``previous`` maps (page, language) to the percent at the last edit of
    the table; ``without_translate`` lists pages measured by subpages (no
    Special:Translate links). Rows follow ``languages``, columns ``pages``.
    ``page_notes`` puts a short note under a page's heading (e.g. "page
    missing"); without one, a page that is not translatable says so.
    ``page_labels`` are shorter column headings (e.g. "Updates" for
    "<root>/Updates"); the link still goes to the full title. Every word is taken from
    the message catalog in ``lang`` (the page's language).
    """
    by_key = {c.key: c for c in cells}
    shown = [c for c in by_key.values() if c.page in pages and c.language in languages]
    msg = partial(i18n.message, lang)
    when = parse_timestamp(as_of).astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    out = [
        f"{ASOF_MARK}''{i18n.message(lang, 'ldwg-bot-data-as-of', when)}''",
        '{| class="wikitable sortable"',
        "|-",
        f"! {msg('ldwg-bot-status-column-code')}",
        f"! {msg('ldwg-bot-status-column-language')}",
    ]
    for page in pages:
        note = (page_notes or {}).get(page)
        if note in _NOTE_KEYS:  # the reader's console words, in the page's language here
            note = i18n.message(lang, _NOTE_KEYS[note])
        if note is None and any(c.page == page and c.state == NOT_TRANSLATABLE for c in shown):
            note = msg("ldwg-bot-status-page-not-translatable")
        label = (page_labels or {}).get(page) or page
        small = f"<br /><small>({escape_wikitext(note)})</small>" if note else ""
        out.append("! " + page_link(page, label) + small)
    for code in languages:
        name = names.get(code) or code
        out += [
            "|-",
            f"| {escape_wikitext(code)}",
            f'| <bdi lang="{escape_wikitext(code)}" dir="auto">{escape_wikitext(name)}</bdi>',
        ]
        for page in pages:
            out.append(
                _render_cell(
                    by_key.get((page, code)),
                    page,
                    code,
                    uses_translate=page not in without_translate,
                    previous=previous,
                    lang=lang,
                )
            )
    out += ['|- class="sortbottom"', f'! colspan="2" | {msg("ldwg-bot-status-total")}']
    for page in pages:
        out.append(_render_total([c for c in shown if c.page == page], lang))
    out.append("|}")
    out.append(_data_comment(pages, languages, shown))
    return "\n".join(out)


# -- reading back and comparing -----------------------------------------------


def parse_numbers(inner: str | None) -> dict | None:
    """The embedded data of a rendered table (``pages``, ``languages``,
    ``cells`` as lists), or None when absent or unreadable."""
    if not inner:
        return None
    match = _DATA_RE.search(inner)
    if not match:
        return None
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return None
    return data if isinstance(data, dict) and data.get("version") == 1 else None


def canonical(inner: str | None) -> str:
    """A rendering without its time line and change markers, for comparison."""
    text = _ASOF_RE.sub("", inner or "")
    return _DELTA_RE.sub("", text).strip()


def table_changed(old_inner: str | None, new_inner: str) -> bool:
    """True when the new rendering differs in anything but the time and the
    "since last edit" markers (numbers, languages, pages, names, links)."""
    return canonical(old_inner) != canonical(new_inner)
