"""Update sources: front matter, months, bad input as one clear line."""

from __future__ import annotations

import datetime as dt

import pytest

from ldwg_bot.errors import SourceError
from ldwg_bot.updates.source import (
    Month,
    load_update,
    month_from_heading,
    month_heading,
    parse_month,
    update_from_wikitext,
)
from tests.shared import shared_path

from .util import EXAMPLES, FIXTURES, update


def test_sample_loads():
    """The group's own sample update loads with every field."""
    u = load_update(shared_path("samples", "updates", "2022-07.md"))
    assert u.month == (2022, 7) and u.month.slug == "2022-07"
    assert u.title.startswith("Leadership Development Working Group")
    assert u.announce is False
    assert u.priority_languages == ("es", "pt", "ar", "bn", "fr")
    assert u.body_markdown.startswith("Welcome") and u.body_wikitext is None


@pytest.mark.parametrize("name", ["2022-07.md", "2022-08.md"])
def test_examples_load(name):
    """The shipped examples are valid and use their file's month."""
    u = load_update(EXAMPLES / name)
    assert u.month.slug == name[:-3]
    assert u.path.endswith(name)


def test_month_accepts_date_and_crlf():
    """A full date is taken as its month; Windows line ends are fine."""
    text = "---\r\nmonth: 2022-08-15\r\ntitle: T\r\nsummary: S\r\n---\r\n\r\nBody.\r\n"
    from ldwg_bot.updates.source import parse_update

    u = parse_update(text, "x.md")
    assert u.month == Month(2022, 8) and u.body_markdown == "Body.\n"


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2022-07", (2022, 7)),
        ("2022-12-31", (2022, 12)),
        (dt.date(2023, 1, 2), (2023, 1)),
        ((2022, 7), (2022, 7)),
    ],
)
def test_parse_month(value, expected):
    assert parse_month(value) == expected


@pytest.mark.parametrize("value", ["July", "2022-7", "2022-00", "2022-02-30", 202207, None])
def test_parse_month_rejects(value):
    with pytest.raises(ValueError, match="YYYY-MM"):
        parse_month(value)


def test_month_heading():
    """English by default (Meta's source language)."""
    assert month_heading(2022, 7) == "July 2022"
    assert Month(2022, 8).name == "August 2022"
    assert month_heading(2022, 8, "es") == "agosto de 2022"
    with pytest.raises(ValueError):
        month_heading(2022, 13)
    assert month_from_heading("july 2022") == (2022, 7)
    assert month_from_heading("About 2022") is None


BAD = {
    "no-front-matter.md": ":1: no front matter: start the file with a '---' line",
    "unclosed-front-matter.md": ":1: the front matter is not closed",
    "month-words.md": ":2: front matter 'month': expected YYYY-MM such as 2022-07, got 'July'",
    "month-13.md": ":4: front matter 'month': expected YYYY-MM such as 2022-07 (month 01..12), got '2022-13'",
    "unknown-field.md": ":5: front matter 'author': unknown field; the fields are month, title",
    "missing-title.md": ":4: front matter has no 'title': add a 'title:' line",
    "announce-not-bool.md": ":5: front matter 'announce': expected true or false, got 'yes please'",
    "title-not-text.md": ":3: front matter 'title': expected text in quotes, got 2022",
    "empty-body.md": ":5: the update has no text",
    "bad-language.md": ":5: front matter 'priority_languages': 'Portuguese' is not a language code",
    "languages-not-list.md": ":5: front matter 'priority_languages': expected a list",
    "bad-yaml.md": ":4: the front matter is not valid YAML",
    "front-matter-list.md": ":2: the front matter must be 'key: value' lines",
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_one_clear_line(name):
    """Each bad file gives one line: file, line, field, what to fix."""
    path = FIXTURES / name
    with pytest.raises(SourceError) as info:
        load_update(path)
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith(str(path) + BAD[name]), message


def test_missing_file_and_bad_encoding(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        load_update(tmp_path / "nope.md")
    bad = tmp_path / "latin1.md"
    bad.write_bytes("---\nmonth: 2022-07\ntitle: Caf\xe9\n".encode("latin-1"))
    with pytest.raises(SourceError, match=r"latin1.md:3: not UTF-8"):
        load_update(bad)


def test_languages_deduplicated_and_optional():
    u = update("Body.")
    assert u.priority_languages == () and u.announce is False


def test_update_from_wikitext():
    """A draft page: fields come from the caller and are validated the same way."""
    u = update_from_wikitext(
        "== Hi ==\nText.",
        page_title="LDWG/Draft",
        month="2022-09",
        title="T",
        summary="S",
        priority_languages=["es"],
    )
    assert u.month == (2022, 9) and u.body_wikitext == "== Hi ==\nText.\n"
    assert u.body_markdown is None and u.path == "LDWG/Draft"
    with pytest.raises(SourceError, match=r"^LDWG/Draft: month: expected YYYY-MM"):
        update_from_wikitext("x", page_title="LDWG/Draft", month="Sept", title="T", summary="S")
    with pytest.raises(SourceError, match="draft page is empty"):
        update_from_wikitext("  \n", page_title="LDWG/Draft", month="2022-09", title="T", summary="S")
    with pytest.raises(SourceError, match="'EN' is not a language code"):
        update_from_wikitext(
            "x", page_title="D", month="2022-09", title="T", summary="S", priority_languages=["EN"]
        )
