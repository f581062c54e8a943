"""Tables of ``collect-feedback`` and their migrations (see :mod:`.store` for what the rows mean).

The ``feedback_comments`` columns are the fields of :class:`.record.StoredComment`
(a test holds the two together). Columns added after the first release are added
to an older store, in order, by :func:`add_missing_columns`.
"""

from __future__ import annotations

import sqlite3

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
#: Language columns (issue 15), added to older stores too; set on every write.
LANGUAGE_COLUMNS = (
    ("language_detected", "TEXT"),  # code detected from the text, or NULL
    ("language_confidence", "REAL"),  # probability of the best plausible language
    ("page_language", "TEXT NOT NULL DEFAULT ''"),
)


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
