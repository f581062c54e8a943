"""Forum answers read into typed records: every recorded answer reads; anything else is one line."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.config import EXAMPLES_DIR
from ldwg_bot.errors import ForumAnswerError
from ldwg_bot.forum.records import read_new_post, read_posts_page, read_topic, whole_topic
from tests.shared import shared_path

SUFFIX = "; the forum answered something else than Discourse's topic format"


def _load(name: str) -> dict:
    return json.loads((shared_path("fixtures", "discourse") / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name", ["topic.json", "topic-seed20.json", "topic-edited.json", "topic-deleted.json"]
)
def test_every_recorded_topic_reads(name):
    topic, first = read_topic(_load(name), 1404, "t")
    assert topic.slug == "leadership-development-working-group" and len(first) == 20
    assert (
        first[0].username == "Mrb_Rafi"
        and first[0].created_at.isoformat() == "2022-08-02T09:14:27.642000+00:00"
    )


def test_the_staff_view_the_example_forum_and_a_posts_page_read():
    from tests.discourse_replay import OWN

    staff, posts = read_topic(json.loads((OWN / "topic-staff-view.json").read_text()), 1404, "t")
    assert [p.is_comment for p in posts if p.post_number in (22, 23)] == [False, False]
    example = json.loads((EXAMPLES_DIR / "forum" / "topic-1.json").read_text(encoding="utf-8"))
    assert len(read_topic(example, 1, "t")[1]) == 5
    head, first = read_topic(_load("topic.json"), 1404, "t")
    rest = [i for i in head.stream if i not in {p.id for p in first}]
    more = read_posts_page(_load("posts-page2.json"), 1404, rest, "t")
    whole = whole_topic(head, first + more)
    assert [p.post_number for p in whole.posts][-3:] == [27, 28, 29] and len(whole.posts) == 28


def _topic(**change) -> dict:
    doc = _load("topic.json")
    for path, value in change.items():
        *parents, last = path.split("__")
        target = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is KeyError:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return doc


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"id": 1405}, "id: 1405, not the topic asked for (1404)"),
        ({"id": True}, "id: expected a whole number, got true"),
        (
            {"post_stream__stream": KeyError, "post_stream__isMegaTopic": True},
            "post_stream.stream: missing: a topic of 10 000+ posts (isMegaTopic) is not supported",
        ),
        (
            {"post_stream__posts__0__created_at": "2022-08-02T09:14:27"},
            'post_stream.posts[0].created_at: text "2022-08-02T09:14:27" has no time zone',
        ),
        ({"post_stream__posts__1__id": 6312}, "post_stream.posts[1].id: 6312 twice"),
        ({"post_stream__posts__2__id": 99}, "post_stream.posts[2].id: 99 is not in post_stream.stream"),
        (
            {"post_stream__posts__0__topic_id": 1426},
            "post_stream.posts[0].topic_id: 1426, not the topic asked for",
        ),
        (
            {"post_stream__posts__0__username": "two words"},
            'post_stream.posts[0].username: expected a forum user name, got text "two words"',
        ),
        (
            {"post_stream__posts__0__version": 2**63},
            "post_stream.posts[0].version: expected a whole number from 1 "
            "to 2**63 - 1, got a number 9223372036854775808",
        ),
        (
            {"post_stream__posts__0__post_type": 5},
            "post_stream.posts[0].post_type: expected one of 1, 2, 3, 4, got 5",
        ),
        ({"title": "x\n" * 600}, "title: 1200 characters, more than 1000"),
    ],
)
def test_a_wrong_field_is_one_line_naming_the_topic_and_the_path(change, problem):
    with pytest.raises(ForumAnswerError) as exc:
        read_topic(_topic(**change), 1404, "https://forum.example: topic 1404")
    assert str(exc.value).startswith(f"https://forum.example: topic 1404: {problem}"), str(exc.value)
    assert str(exc.value).endswith(SUFFIX) and "\n" not in str(exc.value)


def test_a_posts_page_with_an_id_not_asked_for_is_refused():
    with pytest.raises(
        ForumAnswerError,
        match=r"post_stream.posts\[0\].id: 8391 is not in the ids asked for; "
        r".*Discourse's posts format",
    ):
        read_posts_page(_load("posts-page2.json"), 1404, [8402], "t")


def test_the_post_create_answers():
    created = read_new_post(_load("post-create-200.json"), 1404, "t")
    assert (created.id, created.post_number, created.enqueued) == (8957, 30, False)
    from tests.discourse_replay import OWN

    assert read_new_post(json.loads((OWN / "post-create-enqueued.json").read_text()), 1404, "t").enqueued
    with pytest.raises(
        ForumAnswerError, match=r"^t: not confirmed: errors: a list; .* not recorded as posted"
    ):
        read_new_post(_load("post-create-422-too-short.json"), 1404, "t")


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "post_stream",
                    "stream",
                    "posts",
                    "slug",
                    "title",
                    "username",
                    "created_at",
                    "post_number",
                    "topic_id",
                    "action",
                ]
            ),
            inner,
            max_size=6,
        )
    ),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(JSON_VALUES)
def test_any_json_is_a_record_or_one_line(value):
    """Any JSON value at all: a record, or a ForumAnswerError of one line; never another exception."""
    for read in (
        lambda v: read_topic(v, 1404, "t"),
        lambda v: read_posts_page(v, 1404, [1, 2], "t"),
        lambda v: read_new_post(v, 1404, "t"),
    ):
        try:
            read(value)
        except ForumAnswerError as exc:
            assert "\n" not in str(exc) and len(str(exc)) < 400
