"""The shared store: one transaction helper, a busy timeout, an in-memory copy for -simulate."""

from __future__ import annotations

import sqlite3

import pytest

from ldwg_bot.runtime.store import BUSY_TIMEOUT, get_meta, open_store, set_meta, snapshot_store, transaction


def test_transaction_commits_or_rolls_back_all_of_it(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    with transaction(conn):
        set_meta(conn, "a", "1")
        set_meta(conn, "b", "1")
    with pytest.raises(RuntimeError):
        with transaction(conn):
            set_meta(conn, "a", "2")
            with transaction(conn):  # nested: joins the outer one
                set_meta(conn, "c", "2")
            raise RuntimeError("half-way")
    assert (get_meta(conn, "a"), get_meta(conn, "b"), get_meta(conn, "c")) == ("1", "1", None)
    assert not conn.in_transaction


def test_no_write_lock_outside_a_transaction(tmp_path):
    """Reading leaves the store free: another job's connection writes at once."""
    first, second = open_store(tmp_path / "s.sqlite"), open_store(tmp_path / "s.sqlite")
    set_meta(first, "a", "1")
    assert get_meta(first, "a") == "1" and not first.in_transaction
    second.execute("PRAGMA busy_timeout = 0")
    set_meta(second, "a", "2")  # would raise "database is locked" if held
    assert get_meta(first, "a") == "2"


def test_a_writer_waits_for_another_short_transaction(tmp_path):
    first, second = open_store(tmp_path / "s.sqlite"), open_store(tmp_path / "s.sqlite")
    assert second.execute("PRAGMA busy_timeout").fetchone()[0] == int(BUSY_TIMEOUT * 1000)
    second.execute("PRAGMA busy_timeout = 0")
    with transaction(first):
        set_meta(first, "a", "1")
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            set_meta(second, "a", "2")
    set_meta(second, "a", "2")


def test_snapshot_writes_nothing_to_disk(tmp_path):
    path = tmp_path / "s.sqlite"
    conn = open_store(path)
    set_meta(conn, "a", "1")
    conn.close()
    before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    snap = snapshot_store(path)
    assert get_meta(snap, "a") == "1"
    set_meta(snap, "a", "2")
    snap.close()
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    assert get_meta(open_store(path), "a") == "1"
    empty = snapshot_store(tmp_path / "none" / "s.sqlite")
    set_meta(empty, "x", "1")
    assert not (tmp_path / "none").exists()
