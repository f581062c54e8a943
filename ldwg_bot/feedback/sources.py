"""``--import-csv FILE --source LABEL``: survey answers and call notes as comments.

The file is UTF-8 CSV (a BOM is fine) with a header row. Columns, in any
order, names case-insensitive:

``author`` (required)
    who said it: a user name, a real name or ``anonymous``.
``timestamp`` (required)
    when: ISO 8601, ``2022-08-01T12:00:00Z``, ``2022-08-01T14:00:00+02:00``,
    ``2022-08-01 12:00`` (UTC) or a date ``2022-08-01`` (00:00 UTC); from
    2001 (no wiki discussion is older) to one day after now.
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
row 1, and a quoted cell that spans lines is still one row), the column and
what to fix. Importing the same ``--source`` again replaces that source:
changed rows become ``edited``, missing ones ``removed``. A source belongs
to the group it was first imported into: an import without ``--group`` goes
there (or, for a new source, to the first group) and says which; one with
another ``--group`` is refused, so it never touches another group's rows.

Line and paragraph separators (every character Python's ``str.splitlines``
breaks at: CR, LF, VT, FF, U+001C-U+001E, U+0085, U+2028, U+2029) are read as
text, not as the end of a row -- spreadsheets keep them inside a cell too:
in ``text`` they become line breaks, in the one-line columns spaces. Other
control characters (NUL, BEL, ...) are refused with the row and column, as
is a byte that is not UTF-8.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from ..errors import SourceError
from ..text.langcode import is_language_code
from .record import CommentRecord, iso

REQUIRED = ("author", "timestamp", "text")
OPTIONAL = ("language", "thread", "id")
_TS_FORMATS = (
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%d %H:%M:%S%z",
    "%Y-%m-%d %H:%M%z",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
)
#: No comment, survey or call note of a wiki community is older than the first wikis.
EARLIEST = datetime(2001, 1, 1, tzinfo=UTC)
#: Clocks and time zones differ; a row dated further ahead than this is a typo.
FUTURE_SLACK = timedelta(days=1)
#: Every line boundary of ``str.splitlines`` (Python docs, "str.splitlines"), CR and LF included.
_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: Control characters that are no line boundary (Unicode category Cc less those), and the
#: lone surrogates that stand for bytes that are not UTF-8 (errors="surrogateescape").
_NOT_TEXT = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\udc80-\udcff]")
_SHOWN = 40  # characters of a bad value quoted in an error line


def parse_timestamp(value: str) -> datetime | None:
    """The UTC time ``value`` names, or None when it is none of the accepted forms (or
    outside what a datetime holds, e.g. year 1 at +01:00)."""
    v = value.strip()
    if v.endswith(("Z", "z")):
        v = v[:-1] + "+0000"
    v = re.sub(r"([+-]\d\d):(\d\d)$", r"\1\2", v)
    for fmt in _TS_FORMATS:
        try:
            when = datetime.strptime(v, fmt)
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            return when.astimezone(UTC)
        except (ValueError, OverflowError):
            continue
    return None


def _row_id(source: str, thread: str, author: str, timestamp: str) -> str:
    digest = hashlib.sha1("\x1f".join((source, thread, author, timestamp)).encode()).hexdigest()[:12]
    return f"csv-{digest}"


def _shown(value: str) -> str:
    """A cell as an error line quotes it: short, and escaped (repr), so it stays one line."""
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "...")


def _one_line(cell: str) -> str:
    """Author, thread, id: runs of whitespace (separators included) become one space."""
    return " ".join(cell.split())


def _multi_line(cell: str) -> str:
    """Text: every line boundary becomes a line break; ends trimmed."""
    return _BREAKS.sub("\n", cell).strip()


@dataclass(frozen=True)
class CsvRow:
    """One checked row of an import: only these reach the store."""

    row: int  # as a spreadsheet numbers it (the header is row 1)
    id: str
    author: str
    timestamp: str  # ISO 8601 UTC
    text: str
    language: str
    language_given: bool  # the row had its own language (no detection)
    thread: str

    def record(self) -> CommentRecord:
        """The comment record :func:`.store.apply_records` and :func:`.language.annotate` take."""
        return CommentRecord(
            id=self.id,
            section=self.thread,
            author=self.author,
            timestamp=self.timestamp,
            language=self.language,
            text=self.text,
            page_language=self.language,
            language_given=self.language_given,
        )


class _Rows:
    """The file's rows as the csv module reads them, numbered, with one-line errors."""

    def __init__(self, name: str, text: str, first_bad_byte: int):
        self.name, self.first_bad_byte = name, first_bad_byte
        # newline="": only CR and LF end a row; U+2028 and the like stay inside their cell
        self.reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        self.number = 0
        self.header: list[str] = []

    def __iter__(self) -> _Rows:
        return self

    def __next__(self) -> list[str]:
        self.number += 1
        try:
            cells = next(self.reader)
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise SourceError(
                    f"{self.name}: row {self.number}: a cell is longer than "
                    f"{csv.field_size_limit()} characters; check for a quote that is "
                    "never closed"
                ) from None
            raise SourceError(
                f"{self.name}: row {self.number}: not valid CSV ({exc}); check the "
                'quotes: a quote inside a quoted cell is written twice ("")'
            ) from None
        for i, cell in enumerate(cells):
            found = _NOT_TEXT.search(cell)
            if found:
                self.refuse(found.group(), i)
        return cells

    def refuse(self, ch: str, index: int) -> None:
        column = repr(self.header[index]) if index < len(self.header) else str(index + 1)
        where = f"{self.name}: row {self.number}, column {column}"
        if ch >= "\udc80":  # cells are checked in file order: this is the first bad byte
            raise SourceError(
                f"{where}: not UTF-8 text (byte {self.first_bad_byte}); save the file as CSV UTF-8"
            )
        raise SourceError(f"{where}: control character U+{ord(ch):04X}; remove it (it is not text)")


def _read_text(name: str, path: str | Path) -> tuple[str, int]:
    """The file's text and the offset of its first byte that is not UTF-8 (-1: none). Such
    bytes become lone surrogates, so the error can name their row and column."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"{name}: cannot read: {exc.strerror or exc}") from None
    try:
        raw.decode("utf-8")
        first_bad = -1
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    return raw.decode("utf-8-sig", errors="surrogateescape"), first_bad


def _header(name: str, rows: _Rows) -> list[str]:
    first = next(rows, None)
    if not first or not any(cell.strip() for cell in first):
        raise SourceError(
            f"{name}: row 1: no header; expected columns {', '.join(REQUIRED)} "
            f"(and optionally {', '.join(OPTIONAL)})"
        )
    header = [h.strip().lower() for h in first]
    rows.header = header
    for i, h in enumerate(header):
        if h not in REQUIRED + OPTIONAL:
            raise SourceError(
                f"{name}: row 1, column {i + 1} {_shown(first[i])}: unknown column; "
                f"expected {', '.join(REQUIRED + OPTIONAL)}"
            )
        if header.index(h) != i:
            raise SourceError(f"{name}: row 1, column {i + 1} {h!r}: the column appears twice")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SourceError(f"{name}: row 1: missing column {missing[0]!r}; expected {', '.join(REQUIRED)}")
    return header


def read_rows(
    path: str | Path, source: str, language: str = "en", now: datetime | None = None
) -> list[CsvRow]:
    """Checked rows of ``path`` (see the module doc); the first problem raises
    :class:`SourceError`, so a file is imported whole or not at all."""
    name = str(path)
    label = _one_line(source or "")
    if not label:
        raise SourceError(
            f"{name}: --source is missing; give the label readers will see, "
            'e.g. --source "Arabic community call"'
        )
    if label == "wiki":
        raise SourceError(f"{name}: --source 'wiki' is reserved for talk-page comments; choose another label")
    if not is_language_code(language):
        raise SourceError(
            f"{name}: --language {language!r}: expected a language code such as 'ar' or 'pt-br'"
        )
    latest = (now or datetime.now(UTC)) + FUTURE_SLACK
    rows = _Rows(name, *_read_text(name, path))
    header = _header(name, rows)
    out: list[CsvRow] = []
    ids: dict[str, int] = {}
    for cells in rows:
        number = rows.number
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise SourceError(
                f"{name}: row {number}: {len(cells)} cells, the header has {len(header)}; "
                "check for a missing or extra comma (quote text that contains commas)"
            )
        row = dict(zip(header, cells, strict=True))

        def bad(column: str, what: str, number: int = number) -> SourceError:
            return SourceError(f"{name}: row {number}, column {column!r}: {what}")

        author = _one_line(row["author"])
        if not author:
            raise bad("author", "empty; write who said it (a name, or 'anonymous')")
        when = parse_timestamp(_one_line(row["timestamp"]))
        if when is None:
            raise bad(
                "timestamp",
                f"{_shown(row['timestamp'])} is not a date; use ISO 8601 such as "
                "2022-08-01T12:00:00Z or 2022-08-01 12:00 (UTC)",
            )
        if not EARLIEST <= when <= latest:
            raise bad(
                "timestamp", f"{_shown(row['timestamp'])} is out of range (2001 to today); check the year"
            )
        body = _multi_line(row["text"])
        if not body:
            raise bad("text", "empty; every row needs the comment's text")
        given = _one_line(row.get("language") or "").lower()
        lang = given or language
        if not is_language_code(lang):
            raise bad(
                "language",
                f"{_shown(row.get('language') or '')}: expected a language code such as 'ar' or 'pt-br'",
            )
        thread = _one_line(row.get("thread") or "") or label
        stamp = iso(when)
        rid = _one_line(row.get("id") or "") or _row_id(label, thread, author, stamp)
        if rid in ids:
            raise bad(
                "id" if row.get("id") else "author",
                f"same {'id' if row.get('id') else 'thread, author and timestamp'} as row "
                f"{ids[rid]}; give each row a distinct id column or timestamp",
            )
        ids[rid] = number
        out.append(CsvRow(number, rid, author, stamp, body, lang, bool(given), thread))
    if not out:
        raise SourceError(f"{name}: no rows after the header; nothing to import")
    return out


def read_csv(
    path: str | Path, source: str, language: str = "en", now: datetime | None = None
) -> list[CommentRecord]:
    """Validated records of ``path`` for the store (see :func:`read_rows`)."""
    return [row.record() for row in read_rows(path, source, language, now)]


def import_group(conn: sqlite3.Connection, wiki: str, label: str, requested: str | None, default: str) -> str:
    """The group a ``--source`` import goes to (see the module doc). Rows are stored per
    source, so letting a second group re-import a label would move or remove the rows of
    the group that has it; that is refused with one line instead."""
    owners = [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT grp FROM feedback_comments WHERE wiki = ? AND source = ? ORDER BY grp",
            (wiki, label),
        )
    ]
    if requested is not None and owners and owners != [requested]:
        raise SourceError(
            f"--source {label!r} belongs to group {owners[0]!r}, not {requested!r}; "
            f"re-import it with --group {owners[0]}, or choose another label "
            "(nothing was imported)"
        )
    if requested is None and len(owners) > 1:
        raise SourceError(
            f"--source {label!r} is in groups {', '.join(map(repr, owners))}; "
            "say which with --group (nothing was imported)"
        )
    return requested if requested is not None else (owners[0] if owners else default)
