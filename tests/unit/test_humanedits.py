"""The rules for edits made inside the bot's markers (ldwg_bot.runtime.humanedits), without a wiki."""

from __future__ import annotations

import pytest

from ldwg_bot.runtime import humanedits as he
from ldwg_bot.runtime.store import open_store


def record(text: str, source: str = "s1") -> he.Record:
    return he.Record(he.digest(text), source, text)


@pytest.mark.parametrize(
    "on_wiki,source,overwrite,expected",
    [
        ("bot text", "s1", False, he.PUBLISH),  # untouched, source unchanged
        ("bot text", "s2", False, he.PUBLISH),  # only the source changed
        ("bot text\n\n", "s1", False, he.PUBLISH),  # MediaWiki's trailing blanks are no edit
        ("fixed text", "s1", False, he.KEPT),  # only the wiki changed
        ("fixed text", "s2", False, he.CONFLICT),  # both changed
        ("fixed text", "s2", True, he.OVERWRITE),  # --overwrite after a look
        (None, "s2", False, he.PUBLISH),  # the section is gone: written again
    ],
)
def test_decide(on_wiki, source, overwrite, expected):
    assert he.decide(record("bot text"), on_wiki, source, overwrite) == expected


def test_nothing_remembered_publishes_as_before():
    assert he.decide(None, "anything", "s1", False) == he.PUBLISH


def test_normal_form_ignores_what_mediawiki_normalises():
    assert he.digest("Cafe\u0301 \nx\n") == he.digest("Caf\u00e9\nx")


def test_records_round_trip_in_the_store(tmp_path):
    conn = open_store(tmp_path / "s.sqlite")
    assert he.recall(conn, "job", "site", "Page", "sec") is None
    he.remember(conn, "job", "site", "Page", "sec", "text\n", "src", keep_content=True)
    assert he.recall(conn, "job", "site", "Page", "sec") == he.Record(he.digest("text"), "src", "text")


def test_replaced_edit_shows_the_human_text_as_removed():
    entry = he.replaced_edit("Page", "latest-update", "A line.\nA human line.", "A line.")
    assert entry.startswith("replaced an edit made on the wiki: Page (latest-update)\n")
    assert "\n-A human line." in entry
