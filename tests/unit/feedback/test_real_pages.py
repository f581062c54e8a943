"""Real talk pages recorded from six local MediaWiki 1.39 installs.

The fixtures (tests/fixtures/feedback/<wiki>/) were made by
``record_fixtures.py``: real users posted comments signed with ``~~~~``
through the API, so the signatures, localised namespaces, digits, separators
and zone labels are MediaWiki's own. ``revisions.json`` holds the author and
UTC time of each edit: the ground truth for every comment's author and time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ldwg_bot.feedback import conventions_from_api, parse_comments

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feedback"
WIKIS = ["en", "ar", "bn", "de-berlin", "fa-tehran", "pt"]
S1, S2 = "Feedback on the training module", "Second topic"
UNSIGNED_TIME = datetime(2022, 8, 1, 12, 0, tzinfo=UTC)

# (author, section, level, indentation, parent index, revision index or None, text)
EXPECTED = [
    (
        "Alice Example",
        S1,
        0,
        0,
        None,
        0,
        "First point about the module.\n\nSecond paragraph of the same comment.",
    ),
    ("Bob", S1, 1, 1, 0, 1, "Reply from Bob."),
    ("Alice Example", S1, 2, 2, 1, 2, "Thanks Bob.\nA second line, same comment."),
    ("Bob", S1, 3, 0, 2, 3, "Outdented reply by Bob."),
    ("127.0.0.1", S1, 4, 1, 3, 4, "Anonymous note from an IP."),
    # a second signature by the same person on the same line: one comment (DiscussionTools)
    ("Émilie", S2, 0, 0, None, 5, "Short one. Addendum on the same line."),
    ("Bob", S2, 0, 0, None, None, None),
    ("Alice Example", S2, 1, 1, 6, 6, "Bulleted reply by Alice."),
]


def load(wiki: str):
    d = FIXTURES / wiki
    conv = conventions_from_api(
        json.loads((d / "siteinfo.json").read_text()), json.loads((d / "pst.json").read_text())
    )
    revisions = json.loads((d / "revisions.json").read_text())
    sections = json.loads((d / "sections.json").read_text())
    return conv, (d / "talk.wiki").read_text(), revisions, sections


def minute(iso: str) -> datetime:
    return datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(second=0, tzinfo=UTC)


@pytest.mark.parametrize("wiki", WIKIS)
def test_every_comment_matches_the_edit_that_made_it(wiki):
    conv, text, revisions, _ = load(wiki)
    comments = parse_comments(text, conv)
    assert len(comments) == len(EXPECTED)
    for c, (author, section, level, indent, parent, rev, body) in zip(comments, EXPECTED, strict=True):
        assert c.author == author
        assert c.section == section
        assert (c.level, c.indent) == (level, indent)
        assert c.parent_id == (None if parent is None else comments[parent].id)
        if rev is None:
            assert c.timestamp == UNSIGNED_TIME
        else:
            assert revisions[rev]["user"] == author
            assert c.timestamp == minute(revisions[rev]["timestamp"])
        assert c.timestamp.tzinfo is UTC
        if body is not None:
            assert c.text == body
    assert [c.outdented for c in comments] == [False, False, False, True] + [False] * 4


@pytest.mark.parametrize("wiki", WIKIS)
def test_quoted_signatures_are_not_comments(wiki):
    conv, text, _, _ = load(wiki)
    comments = parse_comments(text, conv)
    # Alice's quoted signature appears in <pre>, <!-- --> and <nowiki>: no comment there.
    assert [c.line for c in comments if c.author == "Alice Example"] == [5, 8, 19]
    unsigned = comments[6]
    assert unsigned.text.endswith("Old unsigned remark.")
    assert "<pre>" in unsigned.text  # the quoted lines before it belong to it


@pytest.mark.parametrize("wiki", WIKIS)
def test_section_anchors_match_mediawiki(wiki):
    conv, text, _, sections = load(wiki)
    anchors = {c.section_anchor for c in parse_comments(text, conv)}
    assert anchors == {s["anchor"] for s in sections}


def test_discussiontools_ids_on_the_english_page():
    conv, text, _, _ = load("en")
    comments = parse_comments(text, conv)
    ts = comments[0].timestamp.strftime("%Y%m%d%H%M%S")
    assert [c.id for c in comments] == [
        f"c-Alice_Example-{ts}-Feedback_on_the_training_module",
        f"c-Bob-{ts}-Alice_Example-{ts}",
        f"c-Alice_Example-{ts}-Bob-{ts}",
        # DiscussionTools treats {{outdent}} as a separator only, so the id's
        # parent part is the heading; parent_id (outdent aware) is comment 2.
        f"c-Bob-{ts}-Feedback_on_the_training_module",
        f"c-127.0.0.1-{ts}-Bob-{ts}",
        f"c-Émilie-{ts}-Second_topic",
        "c-Bob-20220801120000-Second_topic",
        f"c-Alice_Example-{ts}-Bob-20220801120000",
    ]
    assert [c.name for c in comments][:2] == [f"c-Alice_Example-{ts}", f"c-Bob-{ts}"]


@pytest.mark.parametrize("wiki", WIKIS)
def test_the_pst_sample_parses_back_to_the_server_time(wiki):
    from ldwg_bot.feedback.signatures import SignatureScanner

    d = FIXTURES / wiki
    pst = json.loads((d / "pst.json").read_text())
    conv, _, _, _ = load(wiki)
    assert SignatureScanner(conv).parse_timestamp(pst["parse"]["text"]) == minute(pst["curtimestamp"])
