"""The Translate path: per-page numbers from ``meta=messagegroupstats``.

One request per translatable page when Translate's stats cache is warm. How
the module answers (``src/Statistics/QueryStatsActionApi.php:56-91`` in
Translate REL1_39 and the recordings in ``../shared/fixtures/translate/``):

* it reads only its cache; at the first language without a cached row it stops
  with ``continue: {mgsoffset: <that code>, continue: "-||"}`` and queues a
  rebuild job. Rows come in byte order of the language code
  (``utils/MessageGroupStats.php:256``), and the offset is inclusive;
* following the continuation before the job has run returns the same offset
  and an empty list, so :func:`fetch_group_stats` pauses before each follow-up
  and gives up after ``retries`` follow-ups that brought nothing new: the
  languages still missing are *unknown* (None), never 0 %;
* every language is listed (about 486), the source language and ``qqq``
  included; ``translated`` does not count fuzzy units;
* an unknown group, an unmarked page and a page that is not translatable all
  answer ``badparameter`` (for ``mgsgroup``): reported as not translatable.

No I/O here: the caller passes ``request(params) -> dict`` that performs one
API GET (adding ``format=json``) and returns the decoded JSON. It may either
return MediaWiki's ``{"error": ...}`` document or raise an exception carrying
``.code`` (as pywikibot's ``APIError`` does); both are understood.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from ..errors import WikiError
from .model import NOT_TRANSLATABLE, UNKNOWN, Cell, translate_percent, translate_state

Request = Callable[[dict], dict]

#: Languages never shown in "every language with a translation" mode.
DOCUMENTATION_LANGUAGE = "qqq"
_MAX_REQUESTS = 1000  # a hard stop if a server kept moving the offset forever


@dataclass(frozen=True)
class LanguageStats:
    """One row of ``messagegroupstats`` (ints as Translate sends them)."""

    code: str
    total: int
    translated: int
    fuzzy: int
    proofread: int

    @property
    def percent(self) -> int:
        return translate_percent(self.translated, self.total)

    @property
    def started(self) -> bool:
        return self.translated + self.fuzzy > 0


@dataclass(frozen=True)
class GroupStats:
    """What Translate said about one page group.

    ``languages`` holds the rows kept (the wanted ones, or all when nothing
    was asked for). ``unknown`` are wanted codes without a row when the
    fetch stopped; ``incomplete_from`` is the offset where it stopped (every
    code ``>=`` it is unknown), None when the answer was complete.
    """

    title: str
    translatable: bool = True
    languages: Mapping[str, LanguageStats] = field(default_factory=dict)
    unknown: frozenset[str] = frozenset()
    incomplete_from: str | None = None
    source_language: str = "en"
    requests: int = 0
    error: str | None = None

    @property
    def group(self) -> str:
        return group_id(self.title)

    def is_unknown(self, code: str) -> bool:
        """True when the numbers of ``code`` could not be had."""
        if not self.translatable or code in self.unknown:
            return True
        if code in self.languages:
            return False
        return self.incomplete_from is not None and code >= self.incomplete_from

    def translated_languages(self) -> list[str]:
        """Codes with any translation (translated + fuzzy > 0), source and qqq excluded."""
        return sorted(
            code
            for code, row in self.languages.items()
            if row.started and code not in (self.source_language, DOCUMENTATION_LANGUAGE)
        )


def group_id(title: str) -> str:
    """Translate's message group id of a translatable page."""
    return "page-" + title.replace("_", " ").strip()


def group_stats_params(title: str) -> dict:
    """Parameters of the first ``messagegroupstats`` request for a page."""
    return {"action": "query", "meta": "messagegroupstats", "mgsgroup": group_id(title), "formatversion": 2}


def _error_code(response: Mapping) -> tuple[str, str] | None:
    error = response.get("error")
    if not isinstance(error, Mapping):
        return None
    return str(error.get("code", "")), str(error.get("info", ""))


def _rows(response: Mapping) -> list[LanguageStats]:
    try:
        raw = response["query"]["messagegroupstats"]
    except (KeyError, TypeError):
        raise WikiError("messagegroupstats answer has no query.messagegroupstats") from None
    if isinstance(raw, Mapping):  # defensive: never seen, both formats give a list
        raw = list(raw.values())
    return [
        LanguageStats(
            code=str(r["code"]),
            total=int(r["total"]),
            translated=int(r["translated"]),
            fuzzy=int(r["fuzzy"]),
            proofread=int(r["proofread"]),
        )
        for r in raw
    ]


def fetch_group_stats(
    request: Request,
    title: str,
    *,
    wanted: set[str] | None,
    retries: int = 3,
    pause: float = 2.0,
    sleep: Callable[[float], object] = time.sleep,
    source_language: str = "en",
) -> GroupStats:
    """Translate's numbers for page ``title`` in the ``wanted`` languages
    (``None``: every language, to find those with any translation).

    Exactly one request when the cache holds every wanted language. A
    continuation is followed only while a wanted language may lie at or after
    the offset; each follow-up waits ``pause`` seconds first (the rebuild job
    has just been queued). After ``retries`` follow-ups in a row that do not
    move the offset, the rest is reported as unknown.
    Raises :class:`WikiError` for API errors other than ``badparameter``.
    """
    base = group_stats_params(title)
    params = dict(base)
    rows: dict[str, LanguageStats] = {}
    requests = stalls = 0
    last_offset: str | None = None
    while True:
        requests += 1
        if requests > _MAX_REQUESTS:
            raise WikiError(f"messagegroupstats for {title!r}: no end after {_MAX_REQUESTS} requests")
        try:
            response = request(params)
        except Exception as exc:  # pywikibot raises APIError(code=...) instead of returning it
            if getattr(exc, "code", None) != "badparameter":
                raise
            return GroupStats(
                title,
                translatable=False,
                requests=requests,
                source_language=source_language,
                error=f"badparameter: {getattr(exc, 'info', exc)}",
            )
        err = _error_code(response)
        if err is not None:
            if err[0] == "badparameter":
                return GroupStats(
                    title,
                    translatable=False,
                    requests=requests,
                    source_language=source_language,
                    error=f"{err[0]}: {err[1]}",
                )
            raise WikiError(f"messagegroupstats for {title!r} failed: {err[0]}: {err[1]}")
        for row in _rows(response):
            if wanted is None or row.code in wanted:
                rows[row.code] = row
        cont = response.get("continue")
        offset = None if not isinstance(cont, Mapping) else cont.get("mgsoffset")
        if offset is None:
            return _result(title, rows, wanted, None, requests, source_language)
        offset = str(offset)
        if wanted is not None and not any(code >= offset and code not in rows for code in wanted):
            return _result(title, rows, wanted, None, requests, source_language)
        if last_offset is not None and offset <= last_offset:
            stalls += 1
        else:
            stalls = 0
        if stalls >= retries:
            return _result(title, rows, wanted, offset, requests, source_language)
        last_offset = offset
        sleep(pause)
        assert isinstance(cont, Mapping)  # the offset came from it
        params = {**base, **{str(k): v for k, v in cont.items()}}


def _result(
    title: str,
    rows: dict[str, LanguageStats],
    wanted: set[str] | None,
    incomplete_from: str | None,
    requests: int,
    source_language: str,
) -> GroupStats:
    unknown = frozenset(code for code in (wanted or ()) if code not in rows)
    return GroupStats(
        title,
        languages=dict(rows),
        unknown=unknown,
        incomplete_from=incomplete_from,
        requests=requests,
        source_language=source_language,
    )


def languages_with_translations(groups: Iterable[GroupStats]) -> list[str]:
    """Union of :meth:`GroupStats.translated_languages` over pages, sorted."""
    found: set[str] = set()
    for stats in groups:
        found.update(stats.translated_languages())
    return sorted(found)


def cells_from_group_stats(
    stats: GroupStats, languages: Iterable[str], *, last_changes: Mapping[str, datetime] | None = None
) -> list[Cell]:
    """One :class:`Cell` per language for this page.

    ``last_changes`` (code -> time of the last edit of ``Title/code``) is
    optional: messagegroupstats has no times; without it last_change is None.
    """
    cells = []
    for code in languages:
        when = (last_changes or {}).get(code)
        if not stats.translatable:
            cells.append(Cell(stats.title, code, NOT_TRANSLATABLE))
            continue
        row = stats.languages.get(code)
        if row is None:
            cells.append(Cell(stats.title, code, UNKNOWN, last_change=when))
            continue
        cells.append(
            Cell(
                stats.title,
                code,
                translate_state(row.translated, row.fuzzy, row.total),
                total=row.total,
                translated=row.translated,
                outdated=row.fuzzy,
                proofread=row.proofread,
                percent=row.percent,
                last_change=when,
            )
        )
    return cells
