"""``--import-csv FILE --source LABEL``: survey answers and call notes as comments.

The file is UTF-8 CSV (a BOM is fine) with a header row. Columns, in any
order, names case-insensitive:

``author`` (required)
    who said it: a user name, a real name or ``anonymous``.
``timestamp`` (required)
    when: ISO 8601, ``2022-08-01T12:00:00Z``, ``2022-08-01T14:00:00+02:00``,
    ``2022-08-01 12:00`` (UTC) or a date ``2022-08-01`` (00:00 UTC).
``text`` (required)
    what was said; line breaks are kept.
``language`` (optional)
    a language code such as ``ar`` or ``pt-br``. Rows without one get the
    language detected from their text (see :mod:`.language`), else
    ``--language`` (default: ``en``).
``thread`` (optional)
    the question or topic, shown as the thread in the summary; default the
    ``--source`` label.
``id`` (optional)
    a stable id for the row; default: derived from source, thread, author
    and timestamp, so re-importing a corrected file updates rows in place.

Any other column is an error (so a typo is not silently dropped). The whole
file is checked before anything is stored; the first problem is reported as
one line naming the file, the row (as a spreadsheet shows it: the header is
row 1), the column and what to fix. Importing the same ``--source`` again
replaces that source: changed rows become ``edited``, missing ones
``removed``.
"""
from __future__ import annotations

import csv
import hashlib
import re
from datetime import datetime, timezone
from pathlib import Path

from ..errors import SourceError
from ..langcode import is_language_code
from ..textfile import read_utf8
from .store import iso

REQUIRED = ("author", "timestamp", "text")
OPTIONAL = ("language", "thread", "id")
_TS_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%d %H:%M%z",
               "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d")


def parse_timestamp(value: str) -> datetime | None:
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+0000"
    v = re.sub(r"([+-]\d\d):(\d\d)$", r"\1\2", v)
    for fmt in _TS_FORMATS:
        try:
            when = datetime.strptime(v, fmt)
        except ValueError:
            continue
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc)
    return None


def _row_id(source: str, thread: str, author: str, timestamp: str) -> str:
    digest = hashlib.sha1("\x1f".join((source, thread, author, timestamp)).encode()).hexdigest()[:12]
    return f"csv-{digest}"


def read_csv(path: str | Path, source: str, language: str = "en") -> list[dict]:
    """Validated records of ``path`` (see the module doc); raises :class:`SourceError`."""
    name = str(path)
    label = " ".join((source or "").split())
    if not label:
        raise SourceError(f"{name}: --source is missing; give the label readers will see, "
                          'e.g. --source "Arabic community call"')
    if label == "wiki":
        raise SourceError(f"{name}: --source 'wiki' is reserved for talk-page comments; choose another label")
    if not is_language_code(language):
        raise SourceError(f"{name}: --language {language!r}: expected a language code such as 'ar' or 'pt-br'")
    text = read_utf8(path, lambda n: f"{name}: row {n}", save_as="CSV UTF-8")
    try:
        rows = list(csv.reader(text.splitlines(keepends=True), strict=True))
    except csv.Error as exc:
        raise SourceError(f"{name}: not valid CSV: {exc}; check the quotes") from None
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise SourceError(f"{name}: row 1: no header; expected columns {', '.join(REQUIRED)} "
                          f"(and optionally {', '.join(OPTIONAL)})")
    header = [h.strip().lower() for h in rows[0]]
    for i, h in enumerate(header):
        if h not in REQUIRED + OPTIONAL:
            raise SourceError(f"{name}: row 1, column {i + 1} {rows[0][i]!r}: unknown column; "
                              f"expected {', '.join(REQUIRED + OPTIONAL)}")
        if header.index(h) != i:
            raise SourceError(f"{name}: row 1, column {i + 1} {h!r}: the column appears twice")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(f"{name}: row 1: missing column {missing[0]!r}; expected {', '.join(REQUIRED)}")
    records: list[dict] = []
    ids: dict[str, int] = {}
    # rows are numbered as a spreadsheet shows them (a quoted cell may span lines)
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise SourceError(f"{name}: row {number}: {len(cells)} cells, the header has {len(header)}; "
                              "check for a missing or extra comma (quote text that contains commas)")
        row = dict(zip(header, cells))

        def bad(column: str, what: str) -> SourceError:
            return SourceError(f"{name}: row {number}, column {column!r}: {what}")
        author = " ".join(row["author"].split())
        if not author:
            raise bad("author", "empty; write who said it (a name, or 'anonymous')")
        when = parse_timestamp(row["timestamp"])
        if when is None:
            raise bad("timestamp", f"{row['timestamp']!r} is not a date; use ISO 8601 such as "
                                   "2022-08-01T12:00:00Z or 2022-08-01 12:00 (UTC)")
        body = row["text"].replace("\r\n", "\n").strip()
        if not body:
            raise bad("text", "empty; every row needs the comment's text")
        given = (row.get("language") or "").strip().lower()
        lang = given or language
        if not is_language_code(lang):
            raise bad("language", f"{row.get('language')!r}: expected a language code such as 'ar' or 'pt-br'")
        thread = " ".join((row.get("thread") or "").split()) or label
        stamp = iso(when)
        rid = (row.get("id") or "").strip() or _row_id(label, thread, author, stamp)
        if rid in ids:
            raise bad("id" if row.get("id") else "author",
                      f"same {'id' if row.get('id') else 'thread, author and timestamp'} as row "
                      f"{ids[rid]}; give each row a distinct id column or timestamp")
        ids[rid] = number
        records.append({
            "id": rid, "name": None, "parent_id": None, "revision": None, "section": thread,
            "section_anchor": "", "level": 0, "author": author, "timestamp": stamp, "language": lang,
            "text": body, "permalink": "", "page_language": lang, "language_given": bool(given),
        })
    if not records:
        raise SourceError(f"{name}: no rows after the header; nothing to import")
    return records
