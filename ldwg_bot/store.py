"""The local SQLite store every job shares (one file, path in the config).

Each job owns its tables and creates them with ``CREATE TABLE IF NOT
EXISTS`` in its own module; this module opens the file and gives every job
the same way to write: :func:`transaction`.

The rule for writers: read from the wiki first, then write in a short
:func:`transaction` -- never hold SQLite's write lock across a network
request, so a slow wiki in one job cannot make another job's write fail.
Every connection waits up to :data:`BUSY_TIMEOUT` seconds for another
writer before SQLite reports the store as locked. WAL mode lets a reader (an
export) run beside a writer, and a run that dies inside a transaction leaves
the previous state intact.

Under ``-simulate`` a job gets :func:`snapshot_store`: an in-memory copy of
the store (empty when there is none yet), so it computes exactly what a real
run would, and nothing reaches the disk.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import LdwgError

#: Seconds a connection waits for another job's write transaction to end.
BUSY_TIMEOUT = 30.0


def _prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA foreign_keys=ON")
    with transaction(conn):
        conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    return conn


def open_store(path: str | Path) -> sqlite3.Connection:
    """The store at ``path`` (created with its folder when missing), in autocommit mode."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        return _prepare(conn)
    except (OSError, sqlite3.Error) as exc:
        raise LdwgError(f"{p}: cannot open the store: {exc}") from None


def snapshot_store(path: str | Path) -> sqlite3.Connection:
    """An in-memory copy of the store at ``path`` (-simulate): nothing is written to disk."""
    p = Path(path)
    memory = sqlite3.connect(":memory:", isolation_level=None)
    if p.is_file():
        # Opening a WAL store, even read-only, creates its -wal/-shm files unless they
        # exist already (a writer is open): without them, read the file as immutable.
        wal = p.with_name(p.name + "-wal").exists()
        mode = "mode=ro" if wal else "immutable=1"
        try:
            source = sqlite3.connect(f"{p.resolve().as_uri()}?{mode}", uri=True, timeout=BUSY_TIMEOUT)
            try:
                source.backup(memory)
            finally:
                source.close()
        except sqlite3.Error as exc:
            raise LdwgError(f"{p}: cannot read the store: {exc}") from None
    return _prepare(memory)


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One short write transaction: all of it is stored, or none of it.

    ``BEGIN IMMEDIATE`` takes the write lock at once (waiting up to the busy
    timeout), so a transaction never fails half-way for want of it. Used
    inside another transaction it joins that one. Do no network I/O inside.
    """
    if conn.in_transaction:
        yield conn
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def get_meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    with transaction(conn):
        conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
