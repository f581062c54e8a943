"""The comment record type: the store's columns are its fields, and a record survives the store."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.feedback import store
from ldwg_bot.feedback.record import COLUMNS, NOT_STORED, STORED_FIELDS, CommentRecord, StoredComment
from ldwg_bot.feedback.store_rows import WRITTEN

NOW = datetime(2022, 8, 1, 12, tzinfo=UTC)
PACKAGE = Path(__file__).resolve().parents[3] / "ldwg_bot"
#: Keys only a comment has: spelled as strings only by the store's row mapping and schema.
COMMENT_ONLY_KEYS = (
    "signature_check",
    "added_in_revision",
    "added_by",
    "added_diff",
    "added_at",
    "language_detected",
    "language_confidence",
    "page_language",
    "language_given",
    "draft_parts",
    "section_anchor",
    "parent_id",
    "previous_id",
    "sig_start",
)
#: The type that names the fields, and the store that maps them to columns.
ROW_MODULES = {
    "feedback/record.py",
    "feedback/store_rows.py",
    "feedback/store_schema.py",
    "feedback/store.py",
}


def _memory_store() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    store.ensure_schema(conn)
    return conn


def test_the_store_columns_are_the_record_fields():
    columns = [r[1] for r in _memory_store().execute("PRAGMA table_info(feedback_comments)")]
    assert sorted(columns) == sorted(COLUMNS)
    assert set(STORED_FIELDS) <= set(COLUMNS) and set(WRITTEN) <= set(COLUMNS)
    incoming = {f.name for f in fields(CommentRecord)}
    assert NOT_STORED <= incoming and not NOT_STORED & set(COLUMNS)


def test_no_module_spells_a_comment_key_outside_the_row_mapping():
    keys = "|".join(COMMENT_ONLY_KEYS)
    spelled = re.compile(rf"""(?:\[\s*|\.get\(\s*|^\s*|[{{,]\s*)["']({keys})["']\s*[\]:,)]""")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE).as_posix()
        if rel in ROW_MODULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if spelled.search(line):
                found.append(f"{rel}:{number}: {line.strip()}")
    assert not found, "use the record's fields instead:\n" + "\n".join(found)


_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
_maybe_text = st.none() | _text
_code = st.sampled_from(["en", "es", "ar", "pt-br", "zh-hant"])
_stamp = st.datetimes(
    min_value=datetime(2001, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)
).map(lambda d: d.strftime("%Y-%m-%dT%H:%M:%SZ"))
_int = st.none() | st.integers(min_value=-(2**63), max_value=2**63 - 1)


@st.composite
def records(draw) -> list[CommentRecord]:
    n = draw(st.integers(min_value=0, max_value=6))
    ids = draw(st.lists(_text.filter(bool), min_size=n, max_size=n, unique=True))
    out = []
    for cid in ids:
        out.append(
            CommentRecord(
                id=cid,
                author=draw(_text),
                timestamp=draw(_stamp),
                text=draw(_text),
                name=draw(_maybe_text),
                parent_id=draw(_maybe_text),
                revision=draw(_int),
                section=draw(_text),
                section_anchor=draw(_text),
                level=draw(st.integers(min_value=0, max_value=50)),
                language=draw(_code),
                permalink=draw(_text),
                language_detected=draw(st.none() | _code),
                language_confidence=draw(st.none() | st.floats(0, 1)),
                page_language=draw(_code),
                added_in_revision=draw(_int),
                added_by=draw(_maybe_text),
                added_diff=draw(_maybe_text),
                signature_check=draw(st.none() | st.sampled_from(["ok", "mismatch", "moved", "future"])),
            )
        )
    return out


def _stored_fields(rec: CommentRecord | StoredComment) -> dict:
    return {name: getattr(rec, name) for name in STORED_FIELDS}


@settings(max_examples=150, deadline=None)
@given(records(), st.sampled_from(["wiki", "forum", "Survey"]), _text)
def test_a_record_survives_the_store_exactly(recs, source, page):
    conn = _memory_store()
    page = page if source != "Survey" else ""
    counts = store.apply_records(conn, "w", source, page, recs, NOW, grp="g")
    assert counts["new"] == len(recs)
    back = store.comments(conn, "w", [page] if source == "wiki" else [], [] if source == "wiki" else [source])
    assert [_stored_fields(r) for r in back] == [_stored_fields(r) for r in recs]
    assert all((r.source, r.page, r.status, r.draft_parts) == (source, page, "new", ()) for r in back)
    # and back in again: nothing changes, nothing is lost
    store.reset_statuses(conn, "w", [page], [source])
    assert store.apply_records(conn, "w", source, page, recs, NOW, grp="g")["unchanged"] == len(recs)
    again = store.comments(
        conn, "w", [page] if source == "wiki" else [], [] if source == "wiki" else [source]
    )
    assert [_stored_fields(r) for r in again] == [_stored_fields(r) for r in recs]
