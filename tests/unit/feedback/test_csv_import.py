"""CSV import: rows are numbered as a spreadsheet shows them, separators inside cells are text,
out-of-range dates and stray bytes are one line; a generated file is imported whole or not at all."""

from __future__ import annotations

import csv
import io
import sqlite3
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ldwg_bot.errors import SourceError
from ldwg_bot.feedback import store
from ldwg_bot.feedback.sources import read_csv, read_rows
from ldwg_bot.runtime.store import transaction

NOW = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
SEPARATORS = ["\u2028", "\u2029", "\u0085", "\v", "\f", "\x1c", "\x1d", "\x1e"]


def write(tmp_path, data: str | bytes, name: str = "in.csv"):
    p = tmp_path / name
    p.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return p


def error_of(path, **kw) -> str:
    with pytest.raises(SourceError) as exc:
        read_csv(path, "Survey", now=NOW, **kw)
    message = str(exc.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@pytest.mark.parametrize("sep", SEPARATORS)
def test_a_line_separator_inside_a_cell_is_text_not_a_new_row(tmp_path, sep):
    # unquoted, as a spreadsheet writes it (only CR and LF end a CSV row)
    p = write(
        tmp_path,
        f"author,timestamp,text,thread\nSal{sep}ma,2022-08-01,one{sep}two,Men{sep}tors\n"
        f"Omar,2022-08-02,three,x\n",
    )
    rows = read_rows(p, "Survey", now=NOW)
    assert [(r.row, r.author, r.text, r.thread) for r in rows] == [
        (2, "Sal ma", "one\ntwo", "Men tors"),
        (3, "Omar", "three", "x"),
    ]


def test_rows_are_records_not_lines(tmp_path):
    """A quoted cell over three lines is still one row: the next row's error names row 3."""
    p = write(tmp_path, 'author,timestamp,text\nA,2022-08-01,"one\ntwo\nthree"\nB,someday,x\n')
    assert "row 3, column 'timestamp': 'someday' is not a date" in error_of(p)
    p = write(tmp_path, b'author,timestamp,text\nA,2022-08-01,"one\ntwo\nthree"\nB\xe9,2022-08-01,x\n')
    assert "row 3, column 'author': not UTF-8 text (byte 52)" in error_of(p)


@pytest.mark.parametrize("stamp", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"])
def test_a_timestamp_no_datetime_holds_is_one_line(tmp_path, stamp):
    p = write(tmp_path, f"author,timestamp,text\nA,2022-08-01,x\nB,{stamp},y\n")
    assert f"row 3, column 'timestamp': {stamp!r} is not a date" in error_of(p)


@pytest.mark.parametrize("stamp", ["1999-12-31", "2027-01-01", "0022-08-01"])
def test_a_timestamp_out_of_range_is_one_line(tmp_path, stamp):
    p = write(tmp_path, f"author,timestamp,text\nB,{stamp},y\n")
    assert f"row 2, column 'timestamp': {stamp!r} is out of range" in error_of(p)


def test_control_characters_huge_cells_and_bad_quotes_name_their_row(tmp_path):
    p = write(tmp_path, "author,timestamp,text\nA,2022-08-01,x\nB,2022-08-01,bell\x07\n")
    assert "row 3, column 'text': control character U+0007" in error_of(p)
    p = write(tmp_path, 'author,timestamp,text\nA,2022-08-01,x\nB,2022-08-01,"' + "y" * 200_000 + "\n")
    assert "row 3: a cell is longer than" in error_of(p)
    p = write(tmp_path, 'author,timestamp,text\nA,2022-08-01,"x"y\n')
    assert "row 2: not valid CSV" in error_of(p)
    huge = "z" * 100_000
    p = write(tmp_path, f"author,timestamp,text\nA,{huge},x\n")
    message = error_of(p)
    assert "row 2, column 'timestamp'" in message and len(message) < 400


# ------------------------------------------------------------------ generated files

GOOD_AUTHORS = ["Salma", "=cmd|' /C calc'!A0", "+1", "@x", "a\u2028b", 'say "hi"', "x,y", "سلمى", " pad "]
BAD_AUTHORS = ["", "  ", "\u2028", "\f\v"]
GOOD_STAMPS = [
    "2022-08-01T12:00:00Z",
    "2022-08-01 12:00",
    "2022-08-01",
    "2022-08-01T14:00:00+02:00",
    " 2023-01-02 ",
    "2026-12-07T23:00:00Z",
    "2022-08-01\u202812:00",
]
BAD_STAMPS = [
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-01:00",
    "1999-01-01",
    "3000-01-01",
    "yesterday",
    "",
    "2022-13-01",
    "01/08/2022",
]
HUGE = "h" * 140_000  # over the csv module's cell limit
CLEAN_CHARS = [*"ab ,\"'=+-@\t\n\r;", "\r\n", *SEPARATORS, "\u00e9", "\u0627", "\ufeff"]
CONTROLS = ["\x00", "\x07", "\x1b", "\x9f"]


@st.composite
def cells(draw, good, bad, allow_bad: bool):
    if allow_bad and draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(bad)), False
    return draw(st.sampled_from(good)), True


@st.composite
def texts(draw, allow_bad: bool):
    if allow_bad and draw(st.integers(0, 30)) == 0:
        return HUGE, False
    chars = st.sampled_from(CLEAN_CHARS + CONTROLS if allow_bad else CLEAN_CHARS)
    text = "".join(draw(st.lists(chars, min_size=0 if allow_bad else 1, max_size=12)))
    if not allow_bad and not text.split():
        text += "w"
    return text, bool(text.split()) and not set(CONTROLS) & set(text)


class Generated(tuple):
    """(bytes, rows, first bad row) with a short repr: a file may hold a 140 kB cell."""

    def __repr__(self) -> str:
        return f"Generated({self[0][:300]!r}... {len(self[0])} bytes, first bad row {self[2]})"


@st.composite
def csv_files(draw):
    """(bytes, expected rows or the row number of the first problem)."""
    n = draw(st.integers(1, 6))
    allow_bad = draw(st.booleans())  # half the files are good throughout
    rows, first_bad = [], None
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    out = io.StringIO(newline="")
    writer = csv.writer(
        out,
        quoting=quoting,
        lineterminator=draw(st.sampled_from(["\r\n", "\n"])) if quoting == csv.QUOTE_ALL else "\r\n",
    )
    writer.writerow(["id", "author", "timestamp", "text"])
    number = 1
    inject = draw(st.integers(-3, n - 1)) if allow_bad else -1  # a row given a byte that is not UTF-8
    for i in range(n):
        if draw(st.integers(0, 5)) == 0:
            out.write("\r\n")  # a blank line: a row of its own in a spreadsheet
            number += 1
        number += 1
        author, ok_a = draw(cells(GOOD_AUTHORS, BAD_AUTHORS, allow_bad))
        stamp, ok_s = draw(cells(GOOD_STAMPS, BAD_STAMPS, allow_bad))
        text, ok_t = draw(texts(allow_bad))
        rid = f"r{draw(st.sampled_from(['', *SEPARATORS]))}{i}"
        if i == inject:
            author, ok_a = author + "\udcff", False
        writer.writerow([rid, author, stamp, text])
        rows.append((number, rid, author, stamp, text))
        if not (ok_a and ok_s and ok_t) and first_bad is None:
            first_bad = number
    data = out.getvalue().encode("utf-8", errors="surrogateescape")
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return Generated((data, rows, first_bad))


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(csv_files())
def test_generated_file_is_imported_whole_or_is_one_line_and_nothing(tmp_path_factory, generated):
    data, rows, first_bad = generated
    p = tmp_path_factory.mktemp("gen") / "gen.csv"
    p.write_bytes(data)
    conn = sqlite3.connect(":memory:")
    conn.row_factory = sqlite3.Row
    store.ensure_schema(conn)
    try:
        records = read_csv(p, "Survey", now=NOW)
        with transaction(conn):
            store.apply_records(conn, "w", "Survey", "", records, NOW, grp="g")
    except SourceError as exc:
        message = str(exc)
        assert "\n" not in message and message.startswith(f"{p}: row ")
        assert first_bad is not None, message
        assert message.startswith(f"{p}: row {first_bad}"), (message, first_bad)
        records = None
        kinds = ("not UTF-8", "control character", "longer than", "out of range", "not a date", "empty")
        event("refused: " + next((k for k in kinds if k in message), "other"))
    stored = conn.execute("SELECT COUNT(*) FROM feedback_comments").fetchone()[0]
    if records is None:
        assert stored == 0
        return
    assert first_bad is None and stored == len(rows)
    event("imported whole")
    for rec, (_, rid, author, _, text) in zip(records, rows, strict=True):
        assert rec.id == " ".join(rid.split())
        assert rec.author == " ".join(author.split())
        assert rec.text.split() == text.split()  # no word lost
        assert not set(SEPARATORS) & set(rec.text + rec.author + rec.id)
