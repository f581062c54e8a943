"""No CSV the bot writes can run as a spreadsheet formula; JSON stays exact."""

from __future__ import annotations

import csv
import io
import json

import pytest

from ldwg_bot.feedback.export import to_csv, to_json
from ldwg_bot.feedback.store import FIELDS
from ldwg_bot.text.csvsafe import safe_cell
from ldwg_bot.translations.export import write_csv

ATTACKS = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_cells_are_neutralised(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("a = b") == "a = b" and safe_cell(-5) == -5 and safe_cell(None) == ""


def test_feedback_csv_neutralises_every_text_field_and_json_stays_exact():
    rec = {k: None for k in FIELDS} | {
        "id": "c-1",
        "author": "@mallory",
        "text": ATTACKS[0],
        "section": "+thread",
        "level": 0,
        "source": "wiki",
    }
    row = next(csv.DictReader(io.StringIO(to_csv([rec]))))
    assert row["text"] == "'" + ATTACKS[0] and row["author"] == "'@mallory"
    assert row["section"] == "'+thread" and row["level"] == "0"
    assert json.loads(to_json([rec]))[0]["text"] == ATTACKS[0]


def test_translation_status_csv_neutralises_text():
    buf = io.StringIO()
    write_csv([{"page": '=HYPERLINK("http://x")', "language": "es", "percent": 50}], buf)
    row = next(csv.DictReader(io.StringIO(buf.getvalue())))
    assert row["page"].startswith("'=") and row["percent"] == "50"
