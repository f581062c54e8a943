"""The store's schema version: migrations from every earlier shape, a newer store refused,
and a store that cannot be written is one line naming it (issue 23 part 2)."""

from __future__ import annotations

import sqlite3
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest

from ldwg_bot import __version__
from ldwg_bot.errors import LdwgError
from ldwg_bot.feedback.store import ensure_schema
from ldwg_bot.runtime.store import (
    SCHEMA_VERSION,
    StoreWriteError,
    get_meta,
    open_store,
    set_meta,
    snapshot_store,
)

# The shape main's code wrote before schema versions: user_version 0, the meta table, and
# collect-feedback's tables as its first release made them (without the later columns).
OLDER_RELEASE = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('publish-update:announced:w:w:L:2022-07', '{"sent_at": "2022-07-31T12:00:00Z"}');
CREATE TABLE feedback_pages (wiki TEXT NOT NULL, title TEXT NOT NULL, revid INTEGER, language TEXT,
    present INTEGER NOT NULL DEFAULT 1, parser TEXT, checked TEXT, PRIMARY KEY (wiki, title));
CREATE TABLE feedback_comments (wiki TEXT NOT NULL, source TEXT NOT NULL, page TEXT NOT NULL,
    id TEXT NOT NULL, name TEXT, grp TEXT NOT NULL DEFAULT '', pos INTEGER NOT NULL, parent_id TEXT,
    revision INTEGER, section TEXT NOT NULL DEFAULT '', section_anchor TEXT NOT NULL DEFAULT '',
    level INTEGER NOT NULL DEFAULT 0, author TEXT NOT NULL, timestamp TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, permalink TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL, first_seen TEXT NOT NULL, changed TEXT NOT NULL, removed TEXT,
    PRIMARY KEY (wiki, source, page, id));
INSERT INTO feedback_comments (wiki, source, page, id, pos, author, timestamp, language, text, status,
    first_seen, changed) VALUES ('w:w', 'wiki', 'Talk:X', 'c-1', 0, 'Ana', '2022-08-01T12:00:00Z', 'es',
    'Hola', 'new', '2022-08-01T12:00:00Z', '2022-08-01T12:00:00Z');
"""


def _older_store(path: Path) -> Path:
    with sqlite3.connect(path) as db:
        db.executescript(OLDER_RELEASE)
    return path


def _version(path: Path) -> int:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA user_version").fetchone()[0]


def test_a_store_made_by_the_current_code_has_the_version_and_release(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    set_meta(conn, "a", "1")
    conn.close()
    assert _version(tmp_path / "s.sqlite") == SCHEMA_VERSION
    conn = open_store(tmp_path / "s.sqlite")
    assert get_meta(conn, "store:written-by") == __version__ and get_meta(conn, "a") == "1"


def test_an_older_release_store_is_migrated_keeping_every_record(tmp_path):
    path = _older_store(tmp_path / "old.sqlite")
    conn = open_store(path)
    assert get_meta(conn, "publish-update:announced:w:w:L:2022-07")  # not announced again
    ensure_schema(conn)  # collect-feedback's own tables, on first use
    columns = {r[1] for r in conn.execute("PRAGMA table_info(feedback_comments)")}
    assert {"previous_id", "added_by", "language_detected", "page_language"} <= columns
    row = conn.execute("SELECT text, page_language FROM feedback_comments").fetchone()
    assert tuple(row) == ("Hola", "es")
    assert "revsig" in {r[1] for r in conn.execute("PRAGMA table_info(feedback_pages)")}
    conn.close()
    assert _version(path) == SCHEMA_VERSION


def test_simulate_reads_an_older_store_and_leaves_it_as_it_was(tmp_path):
    path = _older_store(tmp_path / "old.sqlite")
    before = path.read_bytes()
    conn = snapshot_store(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION  # the copy
    assert path.read_bytes() == before and _version(path) == 0


@pytest.mark.parametrize("opener", [open_store, snapshot_store])
def test_a_store_of_a_newer_release_is_refused_in_one_line(tmp_path, opener):
    path = tmp_path / "new.sqlite"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
            "INSERT INTO meta VALUES ('store:written-by', '9.4.0');"
            f"PRAGMA user_version = {SCHEMA_VERSION + 1};"
        )
    before = path.read_bytes()
    with pytest.raises(LdwgError) as info:
        opener(path)
    message = str(info.value)
    assert "\n" not in message and message.startswith(f"{path}: ")
    assert "ldwg-bot 9.4.0" in message and "upgrade ldwg-bot" in message
    assert path.read_bytes() == before


@contextmanager
def _mounted(folder: Path, size: str):
    """A tiny tmpfs of its own (root only; skipped elsewhere)."""
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_read_only_store_is_refused_before_anything_is_written(tmp_path):
    with _mounted(tmp_path / "ro", "1m") as folder:
        conn = open_store(folder / "s.sqlite")
        set_meta(conn, "a", "1")
        conn.close()
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(StoreWriteError) as info:
            open_store(folder / "s.sqlite")
        assert str(info.value).startswith(f"{folder / 's.sqlite'}: the store is read-only")


def test_a_full_disk_is_one_line_naming_the_store_and_nothing_half_written(tmp_path):
    with _mounted(tmp_path / "full", "1m") as folder:
        conn = open_store(folder / "s.sqlite")
        set_meta(conn, "kept", "1")
        filler = folder / "filler"
        try:
            with open(filler, "wb") as fh:  # the rest of the disk
                while True:
                    fh.write(b"\0" * 4096)
                    fh.flush()
        except OSError:
            pass
        with pytest.raises(StoreWriteError) as info:
            set_meta(conn, "big", "x" * 200_000)
        message = str(info.value)
        assert message.startswith(str(folder / "s.sqlite")) and "full" in message and "\n" not in message
        filler.unlink()
        assert get_meta(conn, "big") is None and get_meta(conn, "kept") == "1"
        conn.close()
