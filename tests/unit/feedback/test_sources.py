"""CSV import: the documented columns, and one-line errors naming file, row and column."""

from __future__ import annotations

import pytest

from ldwg_bot.errors import SourceError
from ldwg_bot.feedback.sources import read_csv


def write(tmp_path, text, name="in.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return p


def test_reads_columns_in_any_order_with_defaults(tmp_path):
    p = write(
        tmp_path,
        "\ufeffText,Author,timestamp,language,thread\n"
        '"Line one\nline two, with comma",Salma,2022-08-01T14:00:00+02:00,ar,Mentors\n'
        "Short,Omar,2022-08-01 12:05,,\n\n",
    )
    rows = read_csv(p, "Arabic community call", "ar")
    assert [r.author for r in rows] == ["Salma", "Omar"]
    assert rows[0].timestamp == "2022-08-01T12:00:00Z" and rows[0].text == "Line one\nline two, with comma"
    assert rows[1].section == "Arabic community call" and rows[1].language == "ar"
    assert rows[0].id != rows[1].id and rows[0].id.startswith("csv-")
    assert read_csv(p, "Arabic community call", "ar")[0].id == rows[0].id  # stable


@pytest.mark.parametrize(
    "text,message",
    [
        ("author,timestamp\nA,2022-08-01\n", "row 1: missing column 'text'"),
        ("author,timestamp,text,mood\n", "row 1, column 4 'mood': unknown column"),
        ("author,timestamp,text,text\n", "row 1, column 4 'text': the column appears twice"),
        ("author,timestamp,text\nA,2022-08-01,\n", "row 2, column 'text': empty"),
        ("author,timestamp,text\n,2022-08-01,x\n", "row 2, column 'author': empty"),
        (
            "author,timestamp,text\nA,2022-08-01,x\nB,01/08/2022,y\n",
            "row 3, column 'timestamp': '01/08/2022' is not a date",
        ),
        ("author,timestamp,text,language\nA,2022-08-01,x,Arabic\n", "row 2, column 'language': 'Arabic'"),
        ("author,timestamp,text\nA,2022-08-01,x,extra\n", "row 2: 4 cells, the header has 3"),
        (
            "author,timestamp,text\nA,2022-08-01,x\nA,2022-08-01,y\n",
            "row 3, column 'author': same thread, author and timestamp as row 2",
        ),
        ("author,timestamp,text\n", "no rows after the header"),
        ("", "row 1: no header"),
    ],
)
def test_bad_input_is_one_line_naming_file_row_column(tmp_path, text, message):
    p = write(tmp_path, text)
    with pytest.raises(SourceError) as exc:
        read_csv(p, "Survey")
    assert str(exc.value).startswith(f"{p}: ") and message in str(exc.value)
    assert "\n" not in str(exc.value)


def test_not_utf8_and_missing_source(tmp_path):
    p = write(tmp_path, "author,timestamp,text\nJosé,2022-08-01,x\n", encoding="latin-1")
    with pytest.raises(SourceError, match="row 2, column .author.: not UTF-8 text \\(byte 25\\)"):
        read_csv(p, "Survey")
    with pytest.raises(SourceError, match="--source is missing"):
        read_csv(p, "  ")
    with pytest.raises(SourceError, match="cannot read"):
        read_csv(tmp_path / "none.csv", "Survey")
