"""The local SQLite store every job shares (one file, path in the config).

Each job owns its tables and creates them with ``CREATE TABLE IF NOT
EXISTS`` in its own module; this module only opens the file safely. WAL mode
lets a reader (an export) run beside a writer, and every job writes inside a
transaction, so a run that dies half-way leaves the previous state intact.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

from .errors import LdwgError


def open_store(path: str | Path) -> sqlite3.Connection:
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(p, timeout=30, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
    except (OSError, sqlite3.Error) as exc:
        raise LdwgError(f"{p}: cannot open the store: {exc}") from None
    conn.row_factory = sqlite3.Row
    conn.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    return conn


def get_meta(conn: sqlite3.Connection, key: str, default: str | None = None) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else default


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
