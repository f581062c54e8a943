"""SQLite tables of ``collect-feedback`` (in the shared store, see :mod:`ldwg_bot.runtime.store`).

``feedback_pages``
    one row per talk page and wiki: the last revision read (id, and
    timestamp + sha1 in ``revsig``), the page's language, whether it exists.
    A re-run reads only pages whose latest revision differs in id or
    signature; when the wiki's identity (meta ``feedback:identity:<key>``)
    changes, every page is read again.
``feedback_comments``
    one row per comment, wiki comments keyed by ``(wiki, source, page, id)``
    with ``source = 'wiki'``; CSV imports have ``page = ''`` and
    ``source`` = the ``--source`` label. Rows are never deleted: a comment
    that disappears gets ``status = 'removed'`` and ``removed`` = when.

``status`` describes the latest run that covered the row: ``new`` (first
seen), ``edited`` (text changed), ``moved`` (cut from one thread and pasted
under another heading of the page: a new DiscussionTools id, the old one in
``previous_id``), ``removed`` or ``unchanged``. :func:`reset_statuses` turns
``new``/``edited``/``moved`` into ``unchanged`` at the start of a run, so
every run reports only its own changes.

Columns added after the first release (``ADDED_COLUMNS``) are added to an
existing store by :func:`ensure_schema`: ``previous_id`` and the authorship
of a comment (``added_in_revision``, ``added_by``, ``added_diff``,
``signature_check``; see :mod:`.authorship`).

All functions are plain SQL on a connection; the job wraps a run in one
transaction, so a run that fails half-way leaves the previous state intact.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta

from ..runtime.store import get_meta, set_meta
from .record import CommentKey, CommentRecord, Link, StoredComment, iso
from .store_rows import (
    FIELDS,
    UPSERT,
    Where,
    authorship_of,
    export_record,
    row_values,
    sorted_links,
    stored_from_row,
)
from .store_schema import ADDED_COLUMNS, LANGUAGE_COLUMNS, SCHEMA, add_missing_columns, ensure_schema

_LIVE_STATUSES = ("new", "edited", "moved")
CONVENTIONS_MAX_AGE = timedelta(days=1)


# ---------------------------------------------------------------- conventions cache


def cached_conventions(conn: sqlite3.Connection, wiki: str) -> dict | None:
    """``{"fetched": iso, "siteinfo": {...}, "pst": {...}, "languages": [...]}`` or None."""
    raw = get_meta(conn, f"feedback:conventions:{wiki}")
    return json.loads(raw) if raw else None


def conventions_fresh(cache: dict | None, now: datetime) -> bool:
    if not cache:
        return False
    fetched = datetime.strptime(cache["fetched"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=now.tzinfo)
    return now - fetched < CONVENTIONS_MAX_AGE


def store_conventions(conn: sqlite3.Connection, wiki: str, cache: dict) -> None:
    set_meta(conn, f"feedback:conventions:{wiki}", json.dumps(cache, ensure_ascii=False))


# ------------------------------------------------------------------------ pages


def known_pages(conn: sqlite3.Connection, wiki: str) -> dict[str, sqlite3.Row]:
    rows = conn.execute("SELECT * FROM feedback_pages WHERE wiki = ?", (wiki,)).fetchall()
    return {r["title"]: r for r in rows}


def set_page(
    conn: sqlite3.Connection,
    wiki: str,
    title: str,
    revid: int | None,
    language: str,
    present: bool,
    now: datetime,
    parser: str = "",
    revsig: str | None = None,
) -> None:
    conn.execute(
        "INSERT INTO feedback_pages (wiki, title, revid, language, present, parser, checked, revsig) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(wiki, title) DO UPDATE SET revid = excluded.revid, "
        "language = excluded.language, present = excluded.present, parser = excluded.parser, "
        "checked = excluded.checked, revsig = excluded.revsig",
        (wiki, title, revid, language, int(present), parser, iso(now), revsig),
    )


def forget_revisions(conn: sqlite3.Connection, wiki: str) -> None:
    """Another wiki answers under this key: every page must be read again."""
    conn.execute("UPDATE feedback_pages SET revid = NULL, revsig = NULL WHERE wiki = ?", (wiki,))
    conn.execute("DELETE FROM meta WHERE key LIKE ?", (f"feedback:summary:{wiki}:%",))


# --------------------------------------------------------------------- comments


def reset_statuses(
    conn: sqlite3.Connection, wiki: str, pages: Iterable[str], sources: Iterable[str] = ()
) -> None:
    """Start of a run: what was new, edited or moved last time is now unchanged."""
    for title in pages:
        conn.execute(
            "UPDATE feedback_comments SET status = 'unchanged' WHERE wiki = ? AND "
            "source = 'wiki' AND page = ? AND status IN ('new', 'edited', 'moved')",
            (wiki, title),
        )
    for source in sources:
        conn.execute(
            "UPDATE feedback_comments SET status = 'unchanged' WHERE wiki = ? AND "
            "source = ? AND status IN ('new', 'edited', 'moved')",
            (wiki, source),
        )


def apply_records(
    conn: sqlite3.Connection,
    wiki: str,
    source: str,
    page: str,
    records: Sequence[CommentRecord],
    now: datetime,
    grp: str = "",
) -> dict[str, int]:
    """Make the stored comments of one page (or one CSV source) match ``records``.

    ``records`` are in page order. Returns counts of new, edited, removed and
    unchanged comments. A comment whose id changed only because its parent
    was removed or re-threaded (same author and timestamp) keeps its row; when
    it is now under another heading it is ``moved`` and keeps its old id in
    ``previous_id``. A new comment's authorship fields (``added_in_revision``,
    ``added_by``, ``added_diff``, ``signature_check``) are stored when given.
    """
    old = {
        r.id: r
        for r in map(
            stored_from_row,
            conn.execute(
                "SELECT * FROM feedback_comments WHERE wiki = ? AND source = ? AND page = ?",
                (wiki, source, page),
            ),
        )
    }
    by_name: dict[str, list[str]] = {}
    wanted_ids = {rec.id for rec in records}
    for oid, row in old.items():
        if oid not in wanted_ids and row.name:
            by_name.setdefault(row.name, []).append(oid)
    counts = {"new": 0, "edited": 0, "moved": 0, "removed": 0, "unchanged": 0}
    old_threads = {_thread(r.section_anchor, r.section) for r in old.values() if r.status != "removed"}
    new_threads = {_thread(r.section_anchor, r.section) for r in records}
    stamp = iso(now)
    seen: set[str] = set()
    for pos, rec in enumerate(records):
        prev = old.get(rec.id)
        extra: dict[str, object] = {}
        if prev is None and rec.name in by_name and by_name[rec.name]:
            moved = by_name[rec.name].pop(0)
            prev = old[moved]
            conn.execute(
                "UPDATE feedback_comments SET id = ? WHERE wiki = ? AND source = ? AND page = ? AND id = ?",
                (rec.id, wiki, source, page, moved),
            )
            seen.add(moved)
            was = _thread(prev.section_anchor, prev.section)
            if _left_its_thread(was, _thread(rec.section_anchor, rec.section), old_threads, new_threads):
                extra["previous_id"] = moved
        seen.add(rec.id)
        if extra or prev is None or prev.text != rec.text:
            status = "moved" if extra else "new" if prev is None else "edited"
            first_seen = stamp if prev is None else prev.first_seen
            where = Where(
                wiki, source, page, grp, pos, status, rec.revision, rec.permalink, first_seen, stamp
            )
        else:
            # same text (or restored after a removal): keep the revision and permalink
            # where it was first read; the status of this run stays what it was
            status = prev.status if prev.status in _LIVE_STATUSES else "unchanged"
            where = Where(
                wiki,
                source,
                page,
                grp,
                pos,
                status,
                prev.revision,
                prev.permalink,
                prev.first_seen,
                prev.changed,
            )
        counts[status] += 1
        conn.execute(UPSERT, row_values(rec, where))
        if status == "new":
            extra.update(authorship_of(rec))
        if extra:
            conn.execute(
                f"UPDATE feedback_comments SET {', '.join(f'{k} = ?' for k in extra)} "
                "WHERE wiki = ? AND source = ? AND page = ? AND id = ?",
                (*extra.values(), wiki, source, page, rec.id),
            )
    for oid, row in old.items():
        if oid in seen or row.status == "removed":
            continue
        counts["removed"] += 1
        conn.execute(
            "UPDATE feedback_comments SET status = 'removed', removed = ?, changed = ? "
            "WHERE wiki = ? AND source = ? AND page = ? AND id = ?",
            (stamp, stamp, wiki, source, page, oid),
        )
    return counts


def page_comment_keys(conn: sqlite3.Connection, wiki: str, page: str) -> tuple[set[str], set[str]]:
    """Ids and names of the comments stored for ``page`` (any status)."""
    rows = conn.execute(
        "SELECT id, name FROM feedback_comments WHERE wiki = ? AND source = 'wiki' AND page = ?", (wiki, page)
    ).fetchall()
    return {r[0] for r in rows}, {r[1] for r in rows if r[1]}


def comment_names_by_page(conn: sqlite3.Connection, wiki: str) -> dict[str, set[str]]:
    """Names (``c-<author>-<time>``) of every stored talk-page comment, by page."""
    out: dict[str, set[str]] = {}
    for page, name in conn.execute(
        "SELECT page, name FROM feedback_comments WHERE wiki = ? AND source = 'wiki' AND name IS NOT NULL",
        (wiki,),
    ):
        out.setdefault(page, set()).add(name)
    return out


def _thread(anchor: str | None, section: str | None) -> tuple[str, str]:
    return anchor or "", section or ""


def _left_its_thread(was: tuple[str, str], now: tuple[str, str], old_threads: set, new_threads: set) -> bool:
    """Cut from one thread and pasted under another -- not a renamed heading, where the
    old thread is gone and the new one did not exist before."""
    return was != now and (was in new_threads or now in old_threads)


def comments(
    conn: sqlite3.Connection,
    wiki: str,
    pages: Iterable[str] = (),
    sources: Iterable[str] = (),
    groups: Iterable[str] | None = None,
) -> list[StoredComment]:
    """Stored comments of ``pages`` (wiki) and of CSV ``sources`` / CSV rows of ``groups``,
    in a stable order: page, position."""
    out: list[StoredComment] = []
    for title in dict.fromkeys(pages):
        out += [
            stored_from_row(r)
            for r in conn.execute(
                "SELECT * FROM feedback_comments WHERE wiki = ? AND source = 'wiki' AND page = ? "
                "ORDER BY pos",
                (wiki, title),
            )
        ]
    imported: dict[tuple[str, str], StoredComment] = {}
    for source in dict.fromkeys(sources):
        for r in conn.execute(
            "SELECT * FROM feedback_comments WHERE wiki = ? AND source = ? ORDER BY pos", (wiki, source)
        ):
            stored = stored_from_row(r)
            imported[(stored.source, stored.id)] = stored
    for grp in dict.fromkeys(groups or ()):
        for r in conn.execute(
            "SELECT * FROM feedback_comments WHERE wiki = ? AND source != 'wiki' "
            "AND grp = ? ORDER BY source, pos",
            (wiki, grp),
        ):
            stored = stored_from_row(r)
            imported[(stored.source, stored.id)] = stored
    return out + list(imported.values())


def csv_sources(conn: sqlite3.Connection, wiki: str, grp: str) -> list[str]:
    return [
        r[0]
        for r in conn.execute(
            "SELECT DISTINCT source FROM feedback_comments WHERE wiki = ? "
            "AND source != 'wiki' AND grp = ? ORDER BY source",
            (wiki, grp),
        )
    ]


# ------------------------------------------------------------------ draft links


def set_links(
    conn: sqlite3.Connection, wiki: str, rows: Sequence[StoredComment], links: dict[CommentKey, list[Link]]
) -> int:
    """Make the stored draft-part links of ``rows`` equal ``links``; returns how many
    comments' links changed."""
    changed = 0
    for row in rows:
        key = row.key
        want = sorted(links.get(key, []))
        have = sorted(
            Link(*r)
            for r in conn.execute(
                "SELECT part, method, language, matched FROM feedback_links WHERE wiki = ? AND source = ? "
                "AND page = ? AND id = ?",
                (wiki, *key),
            )
        )
        if want == have:
            continue
        changed += 1
        conn.execute(
            "DELETE FROM feedback_links WHERE wiki = ? AND source = ? AND page = ? AND id = ?", (wiki, *key)
        )
        conn.executemany(
            "INSERT INTO feedback_links (wiki, source, page, id, part, method, language, "
            "matched) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(wiki, *key, *w) for w in want],
        )
    return changed


def attach_links(conn: sqlite3.Connection, wiki: str, rows: list[StoredComment]) -> list[StoredComment]:
    """The rows with their ``draft_parts`` (the stored links, in part order)."""
    found: dict[CommentKey, list[Link]] = {}
    for r in conn.execute(
        "SELECT source, page, id, part, method, language, matched FROM feedback_links WHERE wiki = ?", (wiki,)
    ):
        found.setdefault(CommentKey(r[0], r[1], r[2]), []).append(Link(r[3], r[4], r[5], r[6]))
    return [replace(row, draft_parts=sorted_links(found.get(row.key, []))) for row in rows]


__all__ = [
    "ADDED_COLUMNS",
    "FIELDS",
    "LANGUAGE_COLUMNS",
    "SCHEMA",
    "add_missing_columns",
    "apply_records",
    "attach_links",
    "comments",
    "ensure_schema",
    "export_record",
    "iso",
]
