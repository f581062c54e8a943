"""Store: new, edited, removed (kept), re-threaded comments, status per run, export records."""

from __future__ import annotations

from datetime import UTC, datetime

from ldwg_bot.feedback import store
from ldwg_bot.feedback.export import to_csv, to_json
from ldwg_bot.runtime.store import open_store

from .records import incoming

NOW = datetime(2022, 8, 1, 12, tzinfo=UTC)


def apply(conn, wiki, source, page, records, now, grp=""):
    """:func:`store.apply_records` of records written as dicts."""
    return store.apply_records(conn, wiki, source, page, [incoming(r) for r in records], now, grp=grp)


def rec(i, text="t", parent=None, name=None):
    return {
        "id": f"c-{i}",
        "name": name or f"n-{i}",
        "parent_id": parent,
        "revision": 5,
        "section": "S",
        "section_anchor": "S",
        "level": 0,
        "author": f"U{i}",
        "timestamp": "2022-08-01T12:00:00Z",
        "language": "en",
        "text": text,
        "permalink": "http://w/index.php?oldid=5#S",
    }


def test_new_edited_removed_unchanged(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    assert apply(conn, "w", "wiki", "P", [rec(1), rec(2), rec(3)], NOW)["new"] == 3
    store.reset_statuses(conn, "w", ["P"])
    later = rec(1, "changed") | {"revision": 9}
    counts = apply(conn, "w", "wiki", "P", [later, rec(3)], NOW)
    assert counts == {"new": 0, "edited": 1, "moved": 0, "removed": 1, "unchanged": 1}
    rows = {r.id: r for r in store.comments(conn, "w", ["P"])}
    assert rows["c-2"].status == "removed" and rows["c-2"].removed
    assert rows["c-1"].revision == 9 and rows["c-3"].revision == 5
    store.reset_statuses(conn, "w", ["P"])
    counts = apply(conn, "w", "wiki", "P", [later, rec(3)], NOW)
    assert counts == {"new": 0, "edited": 0, "moved": 0, "removed": 0, "unchanged": 2}
    assert {r.id: r.status for r in store.comments(conn, "w", ["P"])}["c-2"] == "removed"  # stays


def test_a_comment_whose_id_changed_keeps_its_row(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    apply(conn, "w", "wiki", "P", [rec(1), rec(2, parent="c-1")], NOW)
    store.reset_statuses(conn, "w", ["P"])
    moved = rec(2) | {"id": "c-2-reparented"}
    counts = apply(conn, "w", "wiki", "P", [moved], NOW)
    assert counts == {"new": 0, "edited": 0, "moved": 0, "removed": 1, "unchanged": 1}


def test_a_comment_cut_and_pasted_under_another_heading_is_moved_with_its_previous_id(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    apply(conn, "w", "wiki", "P", [rec(1), rec(2)], NOW)
    store.reset_statuses(conn, "w", ["P"])
    pasted = rec(2) | {"id": "c-2-Other", "section": "Other", "section_anchor": "Other"}
    counts = apply(conn, "w", "wiki", "P", [rec(1), pasted], NOW)
    assert counts == {"new": 0, "edited": 0, "moved": 1, "removed": 0, "unchanged": 1}
    rows = {r.id: store.export_record(r) for r in store.comments(conn, "w", ["P"])}
    assert set(rows) == {"c-1", "c-2-Other"}
    assert rows["c-2-Other"]["status"] == "moved" and rows["c-2-Other"]["previous_id"] == "c-2"
    assert rows["c-2-Other"]["section"] == "Other"
    store.reset_statuses(conn, "w", ["P"])
    apply(conn, "w", "wiki", "P", [rec(1), pasted], NOW)
    row = [r for r in store.comments(conn, "w", ["P"]) if r.id == "c-2-Other"][0]
    assert row.status == "unchanged" and row.previous_id == "c-2"  # the trail stays


def test_a_renamed_heading_does_not_make_its_comments_moved(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    apply(conn, "w", "wiki", "P", [rec(1), rec(2)], NOW)
    store.reset_statuses(conn, "w", ["P"])
    renamed = [
        r | {"id": r["id"] + "-New", "section": "New", "section_anchor": "New"} for r in (rec(1), rec(2))
    ]
    counts = apply(conn, "w", "wiki", "P", renamed, NOW)
    assert counts == {"new": 0, "edited": 0, "moved": 0, "removed": 0, "unchanged": 2}
    assert {r.previous_id for r in store.comments(conn, "w", ["P"])} == {None}


def test_authorship_is_stored_for_new_comments_only(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    who = {
        "added_in_revision": 7,
        "added_by": "Mallory",
        "added_diff": "http://w/?diff=prev&oldid=7",
        "signature_check": "mismatch",
    }
    apply(conn, "w", "wiki", "P", [rec(1) | who], NOW)
    store.reset_statuses(conn, "w", ["P"])
    apply(conn, "w", "wiki", "P", [rec(1, "edited") | {"added_by": "Someone else"}], NOW)
    out = store.export_record(store.comments(conn, "w", ["P"])[0])
    assert {k: out[k] for k in who} == who


def test_an_older_store_gets_the_new_columns(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    old_schema = store.SCHEMA
    conn.executescript(old_schema)
    for column in store.ADDED_COLUMNS:
        assert column not in {r[1] for r in conn.execute("PRAGMA table_info(feedback_comments)")}
    conn.execute(
        "INSERT INTO feedback_comments (wiki, source, page, id, pos, author, timestamp, text, "
        "status, first_seen, changed) VALUES ('w', 'wiki', 'P', 'c-1', 0, 'A', 't', 'x', 'new', 't', 't')"
    )
    store.ensure_schema(conn)
    store.ensure_schema(conn)  # idempotent
    row = store.export_record(store.comments(conn, "w", ["P"])[0])
    assert row["text"] == "x" and row["signature_check"] is None and row["previous_id"] is None


def test_export_records_and_formats(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    apply(conn, "w", "wiki", "P", [rec(1, 'a, "b"\nc')], NOW)
    csv_row = rec(2) | {"permalink": "", "revision": None}
    apply(conn, "w", "Call", "", [csv_row], NOW, grp="g")
    rows = [store.export_record(r) for r in store.comments(conn, "w", ["P"], groups=["g"])]
    assert [r["source"] for r in rows] == ["wiki", "Call"]
    assert rows[1]["page"] is None and rows[1]["permalink"] is None
    assert list(rows[0]) == list(store.FIELDS)
    assert to_json(rows).startswith("[\n") and to_csv(rows).splitlines()[0] == ",".join(store.FIELDS)


def test_conventions_cache_expires_after_a_day(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    store.store_conventions(conn, "w", {"fetched": "2022-08-01T00:00:00Z"})
    cache = store.cached_conventions(conn, "w")
    assert store.conventions_fresh(cache, datetime(2022, 8, 1, 23, tzinfo=UTC))
    assert not store.conventions_fresh(cache, datetime(2022, 8, 2, 1, tzinfo=UTC))
