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

Schema version: ``PRAGMA user_version`` holds :data:`SCHEMA_VERSION` and
the meta key ``store:written-by`` the release that last migrated the file.
A store of an earlier shape is brought up to date by :data:`MIGRATIONS`, in
order, in one transaction; a store written by a newer release is refused
with one line (open it with that release, or upgrade ldwg-bot), before
anything is read or written.

A write that fails (a full disk, a read-only file) is one line naming the
store (:class:`StoreWriteError`); what the run saved on the wiki before it
is found again by the next run (see :mod:`ldwg_bot.runtime.humanedits`).

Test hook: ``LDWG_BOT_CRASH_AFTER=commit:N`` kills the process (SIGKILL;
``commit:N:TERM`` sends SIGTERM) right after the N-th commit of this
process, so the crash-point tests can stop a run at every store write;
``count:FILE`` only counts the commits (a line each in FILE).
"""

from __future__ import annotations

import os
import signal
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import LdwgError

#: Seconds a connection waits for another job's write transaction to end.
BUSY_TIMEOUT = 30.0
#: The store's shape this release writes (``PRAGMA user_version``).
SCHEMA_VERSION = 1
CRASH_HOOK = "LDWG_BOT_CRASH_AFTER"


class StoreWriteError(LdwgError):
    """The store could not be written (full disk, read-only file): one line naming it."""


def _baseline(conn: sqlite3.Connection) -> None:
    """0 -> 1: a store of the releases before schema versions (0.1.0 as first published)
    gets the meta table. A job's own tables are brought up to date by the job when it
    first uses them (collect-feedback: :func:`ldwg_bot.feedback.store.ensure_schema`)."""
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


#: (version reached, what changes, the step) in order; a new shape adds one line here.
MIGRATIONS: tuple[tuple[int, str, Callable[[sqlite3.Connection], None]], ...] = (
    (1, "schema version and release recorded; the meta table", _baseline),
)


def _where(conn: sqlite3.Connection) -> str:
    """The store's file, for messages ("the in-memory copy" under -simulate)."""
    row = conn.execute("PRAGMA database_list").fetchone()
    return (row[2] if row is not None and row[2] else "") or "the store (in-memory copy)"


def _refuse_newer(conn: sqlite3.Connection, path: Path | str) -> int:
    """The store's schema version; a newer one than this release's is one line and exit 1."""
    from .. import __version__

    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        try:
            writer = get_meta(conn, "store:written-by") or "a newer release"
        except sqlite3.Error:
            writer = "a newer release"
        raise LdwgError(
            f"{path}: this store was written by ldwg-bot {writer} (store schema "
            f"{version}); ldwg-bot {__version__} reads schema {SCHEMA_VERSION} and "
            "older: upgrade ldwg-bot, or give another --store; nothing written"
        )
    return version


def migrate(conn: sqlite3.Connection, path: Path | str) -> None:
    """Bring the store to :data:`SCHEMA_VERSION`, or refuse a newer one (one line)."""
    from .. import __version__

    version = _refuse_newer(conn, path)
    if version == SCHEMA_VERSION:
        return
    with transaction(conn):
        for reached, _what, step in MIGRATIONS:
            if version < reached:
                step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute(
            "INSERT INTO meta (key, value) VALUES ('store:written-by', ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (__version__,),
        )


def _prepare(conn: sqlite3.Connection, path: Path) -> sqlite3.Connection:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")
    conn.execute("PRAGMA foreign_keys=ON")
    migrate(conn, path)
    return conn


def open_store(path: str | Path) -> sqlite3.Connection:
    """The store at ``path`` (created with its folder when missing), in autocommit mode."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        if p.exists() and not (os.access(p, os.W_OK) and os.access(p.parent, os.W_OK)):
            raise StoreWriteError(
                f"{p}: the store is read-only; make the file and its folder "
                "writable (or give another --store); nothing written"
            )
        conn = sqlite3.connect(p, timeout=BUSY_TIMEOUT, isolation_level=None)
        _refuse_newer(conn, p)  # before WAL mode changes the file's header
        conn.execute("PRAGMA journal_mode=WAL")
        return _prepare(conn, p)
    except (OSError, sqlite3.Error) as exc:
        raise LdwgError(f"{p}: cannot open the store: {exc}; nothing written") from None


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
    return _prepare(memory, p)


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
    try:
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
    except sqlite3.OperationalError as exc:
        if not _cannot_write(exc):
            raise
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreWriteError(
            f"{_where(conn)}: cannot write the store: {exc}; free some space or "
            "make it writable, then run again (what was saved on the wiki is "
            "found again)"
        ) from None
    _crash_hook()


def _cannot_write(exc: sqlite3.Error) -> bool:
    """The disk or the file refused the write (not a mistake in a statement)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    return (
        name.startswith(("SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_CANTOPEN"))
        or "disk is full" in str(exc)
        or "readonly database" in str(exc)
    )


_commits = {"n": 0}


def _crash_hook() -> None:
    """Test hook (see the module docstring): stop the process after the N-th commit, or
    (``count:FILE``) add a line to FILE for every commit, so a test can count them."""
    spec = os.environ.get(CRASH_HOOK, "")
    if spec.startswith("count:"):
        with open(spec[len("count:") :], "a", encoding="utf-8") as fh:
            fh.write("commit\n")
        return
    if not spec.startswith("commit:"):
        return
    _commits["n"] += 1
    _, n, *how = spec.split(":")
    if _commits["n"] == int(n):
        os.kill(os.getpid(), signal.SIGTERM if how == ["TERM"] else signal.SIGKILL)


def get_meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    with transaction(conn):
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
