"""The SQLite history of runs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ldwg_bot.translations.history import History
from ldwg_bot.translations.model import PARTIAL, UNKNOWN, Cell

T0 = datetime(2026, 11, 25, 19, tzinfo=UTC)


def cells(pt_percent):
    return [
        Cell(
            "P",
            "pt",
            PARTIAL,
            total=7,
            translated=3,
            outdated=0,
            proofread=0,
            percent=pt_percent,
            last_change=T0,
        ),
        Cell("P", "fr", UNKNOWN),
    ]


def test_numbers_at_last_edit(tmp_path):
    path = tmp_path / "history.sqlite"
    with History(path) as history:
        assert history.numbers_at_last_edit() == {}
        first = history.record_run(T0, cells(43))
        assert history.numbers_at_last_edit() == {}  # recorded but not edited
        history.mark_edited(first)
        history.record_run(T0, cells(57))  # a later run that did not edit
    with History(path) as history:  # survives reopening
        assert history.numbers_at_last_edit() == {("P", "pt"): 43, ("P", "fr"): None}
        assert history.cells_of(first) == sorted(cells(43), key=lambda c: c.key)
        third = history.record_run(T0, cells(71))
        history.mark_edited(third)
        assert history.numbers_at_last_edit()[("P", "pt")] == 71


def test_mark_unknown_run():
    with History() as history:
        with pytest.raises(KeyError):
            history.mark_edited(42)


def test_scopes_share_one_store_connection(tmp_path):
    """The job's shared store (autocommit connection): one history per table page."""
    from ldwg_bot.runtime.store import open_store

    conn = open_store(tmp_path / "store.sqlite")
    a, b = History(conn=conn, scope="wiki:A"), History(conn=conn, scope="wiki:B")
    a.mark_edited(a.record_run(T0, cells(43)))
    b.record_run(T0, cells(57))
    assert a.numbers_at_last_edit()[("P", "pt")] == 43 and b.numbers_at_last_edit() == {}
    with pytest.raises(KeyError):
        b.mark_edited(a.last_edit_run())  # another table's run
    a.close()  # a borrowed connection stays open
    assert conn.execute("SELECT count(*) FROM translation_runs").fetchone()[0] == 2


def test_store_written_before_scopes_is_upgraded(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE translation_runs (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " at TEXT NOT NULL, edited INTEGER NOT NULL DEFAULT 0);"
        "INSERT INTO translation_runs (at, edited) VALUES ('2026-01-01T00:00:00Z', 1);"
    )
    old.close()
    with History(path) as history:
        assert history.last_edit_run() == 1  # old runs belong to the default scope
