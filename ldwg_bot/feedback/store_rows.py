"""Rows of ``feedback_comments`` <-> comment records: the one place that maps them (pure).

:func:`row_values` is what :func:`.store.apply_records` writes for a
:class:`.record.CommentRecord`; :func:`stored_from_row` is how a row comes back
(:class:`.record.StoredComment`); :func:`export_record` is the documented export
object of a stored comment. The column names are the records' field names
(:data:`.record.COLUMNS`), so no other module spells them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .record import AUTHORSHIP, COLUMNS, CommentRecord, Link, StoredComment

#: Fields of an exported record, in order (JSON keys and CSV columns).
FIELDS = (
    "id",
    "parent_id",
    "page",
    "revision",
    "section",
    "level",
    "author",
    "timestamp",
    "language",
    "text",
    "permalink",
    "source",
    "status",
    "previous_id",
    "added_in_revision",
    "added_by",
    "added_diff",
    "signature_check",
    "language_detected",
    "language_confidence",
    "page_language",
    "draft_parts",
)
#: Columns every write sets: all but ``removed`` (cleared) and those only some writes set
#: (``previous_id`` when a comment moved, the authorship when it is first seen).
WRITTEN = tuple(c for c in COLUMNS if c not in ("removed", "previous_id", *AUTHORSHIP))
_KEY = ("wiki", "source", "page", "id")
#: The upsert of one comment: a known row keeps its authorship and ``previous_id``.
UPSERT = (
    f"INSERT INTO feedback_comments ({', '.join(WRITTEN)}, removed) "
    f"VALUES ({', '.join('?' for _ in WRITTEN)}, NULL) "
    f"ON CONFLICT({', '.join(_KEY)}) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in WRITTEN if c not in _KEY)
    + ", removed = NULL"
)


@dataclass(frozen=True)
class Where:
    """Which row a record lands in, and what this run decided about it."""

    wiki: str
    source: str
    page: str
    grp: str
    pos: int
    status: str
    revision: int | None
    permalink: str
    first_seen: str
    changed: str


def row_values(rec: CommentRecord, where: Where) -> tuple:
    """The :data:`UPSERT` parameters of ``rec`` (``page_language`` defaults to its language)."""
    values: dict[str, object] = {c: getattr(rec, c) for c in WRITTEN if hasattr(rec, c)}
    values.update(
        wiki=where.wiki,
        source=where.source,
        page=where.page,
        grp=where.grp,
        pos=where.pos,
        revision=where.revision,  # this run's decision, not the record's
        permalink=where.permalink or "",
        status=where.status,
        first_seen=where.first_seen,
        changed=where.changed,
        page_language=rec.page_language or rec.language,
    )
    return tuple(values[c] for c in WRITTEN)


def authorship_of(rec: CommentRecord) -> dict[str, object]:
    """The authorship columns a new comment gets (only those the check found)."""
    return {k: getattr(rec, k) for k in AUTHORSHIP if getattr(rec, k) is not None}


def stored_from_row(row: Mapping) -> StoredComment:
    """A ``SELECT *`` row of ``feedback_comments`` as a :class:`StoredComment`."""
    return StoredComment(**{c: row[c] for c in COLUMNS})


def sorted_links(links: list[Link]) -> tuple[Link, ...]:
    """Draft-part links in part order: numbered parts first, by number."""
    return tuple(
        sorted(
            links, key=lambda ln: (not ln.part.isdigit(), int(ln.part) if ln.part.isdigit() else 0, ln.part)
        )
    )


def export_record(row: StoredComment) -> dict:
    """A stored comment as the documented export object (:data:`FIELDS`)."""
    out = {f: getattr(row, f) for f in FIELDS}
    out.update(
        page=row.page if row.source == "wiki" else None,
        permalink=row.permalink or None,
        previous_id=row.previous_id or None,
        **{k: getattr(row, k) or None for k in AUTHORSHIP},
        page_language=row.page_language or row.language,
        draft_parts=[ln.as_dict() for ln in row.draft_parts],
    )
    return out
