"""Each run's numbers in SQLite, to show the change since the last edit.

The job records every run (:meth:`History.record_run`), renders with
``previous=history.numbers_at_last_edit()`` and, after a successful save,
calls :meth:`History.mark_edited` with the run's id.

One store holds the history of several tables: each run has a ``scope``
(the job uses ``"<site>:<table page>"``), and "the last edit" is the last
edit within the scope.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from ..runtime.store import transaction
from .model import Cell, format_timestamp, parse_timestamp

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translation_runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    edited INTEGER NOT NULL DEFAULT 0,
    scope TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS translation_numbers (
    run_id INTEGER NOT NULL REFERENCES translation_runs(id) ON DELETE CASCADE,
    page TEXT NOT NULL,
    language TEXT NOT NULL,
    state TEXT NOT NULL,
    percent INTEGER,
    outdated INTEGER,
    translated INTEGER,
    total INTEGER,
    proofread INTEGER,
    last_change TEXT,
    PRIMARY KEY (run_id, page, language)
);
"""


class History:
    """A small store; ``path`` may be ``":memory:"`` or a file path, or pass an
    open ``conn`` (the job's shared store, left open by :meth:`close`)."""

    def __init__(
        self, path: str | Path = ":memory:", *, conn: sqlite3.Connection | None = None, scope: str = ""
    ) -> None:
        self._own = conn is None
        self.conn = sqlite3.connect(str(path)) if conn is None else conn
        self.scope = scope
        self.conn.execute("PRAGMA foreign_keys = ON")
        with transaction(self.conn):
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    self.conn.execute(statement)
            columns = {row[1] for row in self.conn.execute("PRAGMA table_info(translation_runs)")}
            if "scope" not in columns:  # a store written before scopes existed
                self.conn.execute("ALTER TABLE translation_runs ADD COLUMN scope TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        if self._own:
            self.conn.close()

    def __enter__(self) -> History:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def record_run(self, when: datetime, cells: Iterable[Cell]) -> int:
        """Store one run's cells; returns the run id."""
        with transaction(self.conn):
            cur = self.conn.execute(
                "INSERT INTO translation_runs (at, scope) VALUES (?, ?)", (format_timestamp(when), self.scope)
            )
            assert cur.lastrowid is not None  # set by the INSERT
            run_id = int(cur.lastrowid)
            self.conn.executemany(
                "INSERT OR REPLACE INTO translation_numbers VALUES (?,?,?,?,?,?,?,?,?,?)",
                [
                    (
                        run_id,
                        c.page,
                        c.language,
                        c.state,
                        c.percent,
                        c.outdated,
                        c.translated,
                        c.total,
                        c.proofread,
                        format_timestamp(c.last_change),
                    )
                    for c in cells
                ],
            )
        return run_id

    def mark_edited(self, run_id: int) -> None:
        """The table was saved with this run's numbers."""
        with transaction(self.conn):
            cur = self.conn.execute(
                "UPDATE translation_runs SET edited = 1 WHERE id = ? AND scope = ?", (run_id, self.scope)
            )
        if cur.rowcount != 1:
            raise KeyError(f"no run {run_id}")

    def last_edit_run(self) -> int | None:
        row = self.conn.execute(
            "SELECT id FROM translation_runs WHERE edited = 1 AND scope = ? ORDER BY id DESC LIMIT 1",
            (self.scope,),
        ).fetchone()
        return None if row is None else int(row[0])

    def cells_of(self, run_id: int) -> list[Cell]:
        rows = self.conn.execute(
            "SELECT page, language, state, total, translated, outdated, proofread, percent,"
            " last_change FROM translation_numbers WHERE run_id = ? ORDER BY page, language",
            (run_id,),
        ).fetchall()
        return [
            Cell(
                p,
                lang,
                s,
                total=t,
                translated=tr,
                outdated=o,
                proofread=pr,
                percent=pc,
                last_change=parse_timestamp(lc),
            )
            for p, lang, s, t, tr, o, pr, pc, lc in rows
        ]

    def numbers_at_last_edit(self) -> dict[tuple[str, str], int | None]:
        """``(page, language) -> percent`` of the last run that edited; {} if none."""
        run_id = self.last_edit_run()
        if run_id is None:
            return {}
        return {c.key: c.percent for c in self.cells_of(run_id)}
