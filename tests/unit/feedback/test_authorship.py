"""Who added a comment (binary search over revisions) and the signature check values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ldwg_bot.feedback.authorship import (
    Revision,
    attribute,
    check_records,
    find_added,
    same_user,
    signature_check,
)
from ldwg_bot.feedback.record import CommentRecord

T0 = datetime(2022, 8, 1, 12, 0, tzinfo=UTC)
SIG = "[[User:Alice|Alice]] 12:00, 1 August 2022 (UTC)"


def revs(*texts: str, created: bool = True, users=None) -> list[Revision]:
    users = users or [f"U{i}" for i in range(len(texts))]
    return [
        Revision(100 + i, 0 if created and i == 0 else 99 + i, users[i], T0 + timedelta(minutes=i), t)
        for i, t in enumerate(texts)
    ]


@pytest.mark.parametrize("n", [1, 2, 3, 7, 50])
def test_the_revision_that_added_the_signature_is_found(n):
    texts = ["intro"] * n
    for k in range(n):
        history = revs(*(texts[:k] + [f"intro {SIG}"] * (n - k)))
        assert find_added(history, SIG).revid == 100 + k


def test_the_second_copy_of_the_same_signature_and_a_comment_older_than_the_window():
    history = revs("", f"a {SIG}", f"a {SIG}", f"a {SIG} b {SIG}")
    assert find_added(history, SIG, 0).revid == 101
    assert find_added(history, SIG, 1).revid == 103
    older = revs(f"a {SIG}", f"a {SIG} more", created=False)  # the oldest read is only a base
    assert find_added(older, SIG) is None
    assert find_added(revs(f"a {SIG}"), SIG).revid == 100  # the page creation itself
    assert find_added([], SIG) is None and find_added(history, "") is None


def _rec(**fields) -> CommentRecord:
    base = {"id": "c", "author": "A", "timestamp": "2022-08-01T12:00:00Z", "text": ""}
    return CommentRecord(**{**base, **fields})


def test_attribute_uses_the_position_of_the_signature_on_the_page():
    page = f"x {SIG}\ny {SIG}"
    history = revs("", f"x {SIG}", page, users=["A", "Alice", "Bob"])
    records = [
        _rec(signature=SIG, sig_start=2),
        _rec(signature=SIG, sig_start=page.rindex(SIG)),
        _rec(signature="[[User:Zed|Zed]] 1", sig_start=0),
    ]
    records = attribute(records, page, history)
    assert [r.added_by for r in records] == ["Alice", "Bob", None]
    assert records[1].added_in_revision == 102


@pytest.mark.parametrize(
    "author, editor, minutes, unsigned, elsewhere, expected",
    [
        ("Alice", "Alice", 0, False, False, "ok"),
        ("Alice", "alice", 9, False, False, "ok"),
        ("Some_user", "Some user", 0, False, False, "ok"),
        ("Alice", "Mallory", 0, False, False, "mismatch"),
        ("Alice", "Mallory", 420, False, False, "mismatch"),
        ("Alice", "ArchiveBot", -600, False, True, "moved"),
        ("Alice", "Alice", 11, False, False, "future"),
        ("Alice", "Alice", 420, False, True, "future"),
        ("Bob", "Alice", 0, True, False, "unsigned-template"),
        ("Bob", "Bob", 0, True, False, "ok"),
        ("2001:db8::ff", "2001:DB8::FF", 0, False, False, "ok"),
    ],
)
def test_signature_check(author, editor, minutes, unsigned, elsewhere, expected):
    added = Revision(1, 0, editor, T0, "")
    assert signature_check(author, T0 + timedelta(minutes=minutes), unsigned, added, elsewhere) == expected


def test_check_records_leaves_unattributed_comments_alone():
    records = [
        _rec(
            author="Alice",
            timestamp="2022-08-01T19:00:00Z",
            name="c-Alice",
            added_in_revision=5,
            added_by="Mallory",
            added_at=T0,
        ),
        _rec(author="Bob", timestamp="2022-08-01T12:00:00Z", name="c-Bob"),
    ]
    records = check_records(records, set())
    assert records[0].signature_check == "mismatch" and records[1].signature_check is None
    assert not same_user("", "") and same_user("bob", "Bob")
