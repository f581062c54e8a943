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
from datetime import datetime, timedelta

from ..runtime.store import get_meta, set_meta

SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback_pages (
    wiki TEXT NOT NULL,
    title TEXT NOT NULL,
    revid INTEGER,
    language TEXT,
    present INTEGER NOT NULL DEFAULT 1,
    parser TEXT,                   -- parser version that read it (a new one re-reads)
    checked TEXT,
    revsig TEXT,                   -- timestamp and sha1 of revid: the same id is not proof
    PRIMARY KEY (wiki, title)
);
CREATE TABLE IF NOT EXISTS feedback_comments (
    wiki TEXT NOT NULL,
    source TEXT NOT NULL,          -- 'wiki' or the label of a CSV import
    page TEXT NOT NULL,            -- talk page title; '' for CSV rows
    id TEXT NOT NULL,              -- DiscussionTools id, or csv-... for imports
    name TEXT,                     -- c-<author>-<timestamp>: finds a comment whose parent changed
    grp TEXT NOT NULL DEFAULT '',  -- group of a CSV import
    pos INTEGER NOT NULL,          -- order on the page / in the file
    parent_id TEXT,
    revision INTEGER,              -- revision where this text was first read
    section TEXT NOT NULL DEFAULT '',
    section_anchor TEXT NOT NULL DEFAULT '',
    level INTEGER NOT NULL DEFAULT 0,
    author TEXT NOT NULL,
    timestamp TEXT NOT NULL,       -- ISO 8601 UTC, 2022-08-01T12:00:00Z
    language TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    permalink TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,          -- new | edited | removed | unchanged
    first_seen TEXT NOT NULL,
    changed TEXT NOT NULL,
    removed TEXT,
    PRIMARY KEY (wiki, source, page, id)
);
CREATE INDEX IF NOT EXISTS feedback_comments_page ON feedback_comments (wiki, page);
CREATE TABLE IF NOT EXISTS feedback_links (
    wiki TEXT NOT NULL,
    source TEXT NOT NULL,
    page TEXT NOT NULL,
    id TEXT NOT NULL,              -- the comment (same key as feedback_comments)
    part TEXT NOT NULL,            -- unit number (Translate) or paragraph/section number
    method TEXT NOT NULL,          -- quote | heading
    language TEXT NOT NULL,        -- language of the draft text that matched
    matched TEXT NOT NULL,         -- the matched words (normalised) or the heading
    PRIMARY KEY (wiki, source, page, id, part)
);
"""

#: Columns added to ``feedback_comments`` since the first schema (an older store gets them).
ADDED_COLUMNS = {
    "previous_id": "TEXT",
    "added_in_revision": "INTEGER",
    "added_by": "TEXT",
    "added_diff": "TEXT",
    "signature_check": "TEXT",
}
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
_LIVE_STATUSES = ("new", "edited", "moved")
#: Language columns (issue 15), added to older stores too; set on every write.
LANGUAGE_COLUMNS = (
    ("language_detected", "TEXT"),  # code detected from the text, or NULL
    ("language_confidence", "REAL"),  # probability of the best plausible language
    ("page_language", "TEXT NOT NULL DEFAULT ''"),
)

CONVENTIONS_MAX_AGE = timedelta(days=1)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables; add the columns a store of an older version lacks."""
    conn.executescript(SCHEMA)
    add_missing_columns(conn)


def add_missing_columns(conn: sqlite3.Connection) -> None:
    """This job's migrations: the columns added since its first release, in order."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(feedback_pages)")}
    if "revsig" not in columns:  # a store written before revision signatures
        conn.execute("ALTER TABLE feedback_pages ADD COLUMN revsig TEXT")
    have = {r[1] for r in conn.execute("PRAGMA table_info(feedback_comments)")}
    for column, kind in ADDED_COLUMNS.items():
        if column not in have:
            conn.execute(f"ALTER TABLE feedback_comments ADD COLUMN {column} {kind}")
    for name, decl in LANGUAGE_COLUMNS:
        if name not in have:
            conn.execute(f"ALTER TABLE feedback_comments ADD COLUMN {name} {decl}")
            if name == "page_language":  # before detection the language was the page's
                conn.execute("UPDATE feedback_comments SET page_language = language")


def iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


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
    records: Sequence[dict],
    now: datetime,
    grp: str = "",
) -> dict[str, int]:
    """Make the stored comments of one page (or one CSV source) match ``records``.

    ``records`` are dicts with the columns of ``feedback_comments`` (``id``,
    ``name``, ``parent_id``, ``revision``, ``section``, ``section_anchor``,
    ``level``, ``author``, ``timestamp``, ``language``, ``text``,
    ``permalink``), in page order. Returns counts of new, edited, removed and
    unchanged comments. A comment whose id changed only because its parent
    was removed or re-threaded (same author and timestamp) keeps its row; when
    it is now under another heading it is ``moved`` and keeps its old id in
    ``previous_id``. A new comment's authorship fields (``added_in_revision``,
    ``added_by``, ``added_diff``, ``signature_check``) are stored when given.
    """
    old = {
        r["id"]: r
        for r in conn.execute(
            "SELECT * FROM feedback_comments WHERE wiki = ? AND source = ? AND page = ?", (wiki, source, page)
        )
    }
    by_name: dict[str, list[str]] = {}
    wanted_ids = {rec["id"] for rec in records}
    for oid, row in old.items():
        if oid not in wanted_ids and row["name"]:
            by_name.setdefault(row["name"], []).append(oid)
    counts = {"new": 0, "edited": 0, "moved": 0, "removed": 0, "unchanged": 0}
    old_threads = {_thread(r) for r in old.values() if r["status"] != "removed"}
    new_threads = {_thread(r) for r in records}
    stamp = iso(now)
    seen: set[str] = set()
    for pos, rec in enumerate(records):
        prev = old.get(rec["id"])
        extra: dict = {}
        if prev is None and rec.get("name") in by_name and by_name[rec["name"]]:
            moved = by_name[rec["name"]].pop(0)
            prev = old[moved]
            conn.execute(
                "UPDATE feedback_comments SET id = ? WHERE wiki = ? AND source = ? AND page = ? AND id = ?",
                (rec["id"], wiki, source, page, moved),
            )
            seen.add(moved)
            if _left_its_thread(prev, rec, old_threads, new_threads):
                extra["previous_id"] = moved
        seen.add(rec["id"])
        if extra:
            assert prev is not None  # the moved comment's old row
            status, revision, permalink, first_seen, changed = (
                "moved",
                rec.get("revision"),
                rec.get("permalink", ""),
                prev["first_seen"],
                stamp,
            )
        elif prev is None:
            status, revision, permalink, first_seen, changed = (
                "new",
                rec.get("revision"),
                rec.get("permalink", ""),
                stamp,
                stamp,
            )
        elif prev["text"] != rec["text"]:
            status, revision, permalink, first_seen, changed = (
                "edited",
                rec.get("revision"),
                rec.get("permalink", ""),
                prev["first_seen"],
                stamp,
            )
        else:
            # same text (or restored after a removal): keep the revision and permalink
            # where it was first read; the status of this run stays what it was
            status = prev["status"] if prev["status"] in _LIVE_STATUSES else "unchanged"
            revision, permalink = prev["revision"], prev["permalink"]
            first_seen, changed = prev["first_seen"], prev["changed"]
        counts[status] += 1
        conn.execute(
            "INSERT INTO feedback_comments (wiki, source, page, id, name, grp, pos, parent_id, revision, "
            "section, section_anchor, level, author, timestamp, language, text, permalink, status, "
            "first_seen, changed, removed, language_detected, language_confidence, page_language) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?) "
            "ON CONFLICT(wiki, source, page, id) DO UPDATE SET name = excluded.name, grp = excluded.grp, "
            "pos = excluded.pos, parent_id = excluded.parent_id, revision = excluded.revision, "
            "section = excluded.section, section_anchor = excluded.section_anchor, level = excluded.level, "
            "author = excluded.author, timestamp = excluded.timestamp, language = excluded.language, "
            "text = excluded.text, permalink = excluded.permalink, status = excluded.status, "
            "first_seen = excluded.first_seen, changed = excluded.changed, removed = NULL, "
            "language_detected = excluded.language_detected, "
            "language_confidence = excluded.language_confidence, page_language = excluded.page_language",
            (
                wiki,
                source,
                page,
                rec["id"],
                rec.get("name"),
                grp,
                pos,
                rec.get("parent_id"),
                revision,
                rec.get("section", ""),
                rec.get("section_anchor", ""),
                rec.get("level", 0),
                rec["author"],
                rec["timestamp"],
                rec.get("language", ""),
                rec["text"],
                permalink or "",
                status,
                first_seen,
                changed,
                rec.get("language_detected"),
                rec.get("language_confidence"),
                rec.get("page_language") or rec.get("language", ""),
            ),
        )
        if status == "new":
            extra.update({k: rec[k] for k in ADDED_COLUMNS if k in rec and k != "previous_id"})
        if extra:
            conn.execute(
                f"UPDATE feedback_comments SET {', '.join(f'{k} = ?' for k in extra)} "
                "WHERE wiki = ? AND source = ? AND page = ? AND id = ?",
                (*extra.values(), wiki, source, page, rec["id"]),
            )
    for oid, row in old.items():
        if oid in seen or row["status"] == "removed":
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


def _thread(row) -> tuple[str, str]:
    return (
        (row["section_anchor"] or "", row["section"] or "")
        if isinstance(row, sqlite3.Row)
        else (row.get("section_anchor", ""), row.get("section", ""))
    )


def _left_its_thread(prev, rec: dict, old_threads: set, new_threads: set) -> bool:
    """Cut from one thread and pasted under another -- not a renamed heading, where the
    old thread is gone and the new one did not exist before."""
    was, now = _thread(prev), _thread(rec)
    return was != now and (was in new_threads or now in old_threads)


def comments(
    conn: sqlite3.Connection,
    wiki: str,
    pages: Iterable[str] = (),
    sources: Iterable[str] = (),
    groups: Iterable[str] | None = None,
) -> list[dict]:
    """Stored comments of ``pages`` (wiki) and of CSV ``sources`` / CSV rows of ``groups``,
    in a stable order: page, position."""
    out: list[dict] = []
    for title in dict.fromkeys(pages):
        out += [
            dict(r)
            for r in conn.execute(
                "SELECT * FROM feedback_comments "
                "WHERE wiki = ? AND source = 'wiki' AND page = ? ORDER BY pos",
                (wiki, title),
            )
        ]
    imported: dict[tuple, dict] = {}
    for source in dict.fromkeys(sources):
        for r in conn.execute(
            "SELECT * FROM feedback_comments WHERE wiki = ? AND source = ? ORDER BY pos", (wiki, source)
        ):
            imported[(r["source"], r["id"])] = dict(r)
    for grp in dict.fromkeys(groups or ()):
        for r in conn.execute(
            "SELECT * FROM feedback_comments WHERE wiki = ? AND source != 'wiki' "
            "AND grp = ? ORDER BY source, pos",
            (wiki, grp),
        ):
            imported[(r["source"], r["id"])] = dict(r)
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


def export_record(row: dict) -> dict:
    """A stored row as the documented export object (:data:`FIELDS`)."""
    wiki_row = row["source"] == "wiki"
    return {
        "id": row["id"],
        "parent_id": row["parent_id"],
        "page": row["page"] if wiki_row else None,
        "revision": row["revision"],
        "section": row["section"],
        "level": row["level"],
        "author": row["author"],
        "timestamp": row["timestamp"],
        "language": row["language"],
        "text": row["text"],
        "permalink": row["permalink"] or None,
        "source": row["source"],
        "status": row["status"],
        **{k: row.get(k) or None for k in ADDED_COLUMNS},
        "language_detected": row.get("language_detected"),
        "language_confidence": row.get("language_confidence"),
        "page_language": row.get("page_language") or row["language"],
        "draft_parts": row.get("draft_parts", []),
    }


# ------------------------------------------------------------------ draft links


def _key(row: dict) -> tuple[str, str, str]:
    return row["source"], row["page"], row["id"]


def set_links(
    conn: sqlite3.Connection, wiki: str, rows: Sequence[dict], links: dict[tuple[str, str, str], list[dict]]
) -> int:
    """Make the stored draft-part links of ``rows`` equal ``links`` (keyed by source, page, id);
    returns how many comments' links changed."""
    changed = 0
    for row in rows:
        key = _key(row)
        want = sorted((ln["part"], ln["method"], ln["language"], ln["matched"]) for ln in links.get(key, []))
        have = sorted(
            tuple(r)
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


def attach_links(conn: sqlite3.Connection, wiki: str, rows: list[dict]) -> list[dict]:
    """``draft_parts`` (list of ``{part, method, language, matched}``) on each row, in part order."""
    found: dict[tuple[str, str, str], list[dict]] = {}
    for r in conn.execute(
        "SELECT source, page, id, part, method, language, matched FROM feedback_links WHERE wiki = ?", (wiki,)
    ):
        found.setdefault((r[0], r[1], r[2]), []).append(
            {"part": r[3], "method": r[4], "language": r[5], "matched": r[6]}
        )
    for row in rows:
        row["draft_parts"] = sorted(
            found.get(_key(row), []),
            key=lambda d: (not d["part"].isdigit(), int(d["part"]) if d["part"].isdigit() else 0, d["part"]),
        )
    return rows
