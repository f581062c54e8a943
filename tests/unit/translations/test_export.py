"""JSON and CSV rows."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

from ldwg_bot.translations.export import FIELDS, export_rows, page_url, wiki_urlencode, write_csv, write_json
from ldwg_bot.translations.model import CURRENT, OUTDATED, UNKNOWN, Cell

from .fakes import PAGE

CELLS = [
    Cell(
        PAGE,
        "ar",
        OUTDATED,
        total=7,
        translated=5,
        outdated=2,
        proofread=0,
        percent=71,
        last_change=datetime(2026, 11, 20, 8, 30, tzinfo=UTC),
    ),
    Cell(PAGE, "pt", UNKNOWN),
    Cell("Help:O'Neil & co?", "es", CURRENT, last_change=datetime(2026, 1, 1, tzinfo=UTC)),
]


def test_fields_and_values():
    rows = export_rows(CELLS)
    assert [tuple(r) for r in rows] == [FIELDS] * 3
    assert FIELDS == (
        "page",
        "language",
        "total",
        "translated",
        "outdated",
        "proofread",
        "percent",
        "last_change",
        "url",
        "state",
    )
    assert rows[0] == {
        "page": PAGE,
        "language": "ar",
        "total": 7,
        "translated": 5,
        "outdated": 2,
        "proofread": 0,
        "percent": 71,
        "last_change": "2026-11-20T08:30:00Z",
        "url": "https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group/Updates/ar",
        "state": "outdated",
    }
    assert rows[2]["url"] == "https://meta.wikimedia.org/wiki/Help:O%27Neil_%26_co%3F/es"


def test_wiki_urlencode_like_mediawiki():
    assert wiki_urlencode("A b;@$!*(),/~:'&?#+") == "A_b;@$!*(),/~:%27%26%3F%23%2B"
    assert page_url("X y", "http://127.0.0.1:8080/index.php/$1") == "http://127.0.0.1:8080/index.php/X_y"


def test_json_nulls():
    out = io.StringIO()
    write_json(export_rows(CELLS), out)
    data = json.loads(out.getvalue())
    assert isinstance(data, list) and len(data) == 3
    assert data[1]["percent"] is None and data[1]["total"] is None and data[1]["state"] == "unknown"
    assert '"percent": null' in out.getvalue()
    empty = io.StringIO()
    write_json([], empty)
    assert json.loads(empty.getvalue()) == []


def test_csv_empty_for_none():
    out = io.StringIO(newline="")
    write_csv(export_rows(CELLS), out)
    lines = out.getvalue().splitlines()
    assert lines[0] == ",".join(FIELDS)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert rows[1]["percent"] == "" and rows[1]["total"] == "" and rows[1]["state"] == "unknown"
    assert rows[0]["percent"] == "71" and rows[2]["page"] == "Help:O'Neil & co?"
