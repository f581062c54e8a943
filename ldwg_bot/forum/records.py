"""Discourse's answers as typed records: every field the bot uses is checked before it is used.

A forum answer that is not in Discourse's format must not crash a run nor be taken
for a real thread (an empty post list would mark every stored post ``removed``). So
each answer is read into frozen dataclasses here, field by field, or refused with one
:class:`~ldwg_bot.errors.ForumAnswerError` line naming the topic, the field path and what
is wrong, e.g. ``…: topic 1404: post_stream.posts[3].username: missing; the forum answered
something else than Discourse's topic format``. Fields the bot does not read are not checked.

What is required, in our words from the serializers the fixtures' ``FACTS.md`` cites
(TopicViewSerializer, TopicViewPostsSerializer, PostSerializer, NewPostResultSerializer
and the post schema of discourse_api_docs ``openapi.json``):

- a topic (``GET /t/{id}.json``): ``id`` (the topic asked for), ``slug``, ``title``,
  ``post_stream.stream`` (the ids the reader may see; never empty, since a topic's first
  post is the topic) and ``post_stream.posts`` (the first chunk, each id in the stream);
- a posts page (``GET /t/{id}/posts.json``): ``post_stream.posts``, only ids that were
  asked for; its ``id``, when present, is the topic;
- a post: ``id``, ``post_number``, ``post_type`` (1 to 4, ``Post.types``), ``username``,
  ``created_at`` (ISO 8601 with a zone), ``cooked``, ``version``, ``user_deleted``;
  optional ``reply_to_post_number`` (a number or null), ``deleted_at`` (null or a time),
  ``cooked_hidden`` (true/false) and ``topic_id`` (the topic);
- a post-create answer (``POST /posts.json``): the new post's ``id``, ``post_number`` and
  ``topic_id`` (the topic), optional ``topic_slug``; or ``action: "enqueued"`` (held for
  a moderator).

Bounds keep every value storable: numbers are whole (not true/false) and below 2**63
(SQLite's INTEGER); times from 1970 to 9999; a user name at most 100 characters
(Discourse's ``max_username_length`` stays well below) without spaces or control
characters; titles and slugs at most 1000 characters; ``cooked`` at most 1 000 000.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from ..errors import ForumAnswerError

MAX_NUMBER = 2**63 - 1
MAX_USERNAME = 100
MAX_TITLE = 1000
MAX_COOKED = 1_000_000
#: ``post_type`` values (``Post.types``): regular, moderator action, small action, whisper.
POST_TYPES = (1, 2, 3, 4)
#: The post types that carry people's words.
TEXT_POST_TYPES = (1, 2)


@dataclass(frozen=True)
class ForumPost:
    """One post as the bot uses it."""

    id: int
    post_number: int
    post_type: int
    username: str
    created_at: datetime  # in UTC
    cooked: str
    version: int
    user_deleted: bool
    reply_to_post_number: int | None = None
    deleted: bool = False  # ``deleted_at`` set (only staff see such a post)
    cooked_hidden: bool = False

    @property
    def is_comment(self) -> bool:
        """Someone's words that readers can see now (see :mod:`ldwg_bot.feedback.forum`)."""
        return self.post_type in TEXT_POST_TYPES and not (
            self.user_deleted or self.deleted or self.cooked_hidden
        )


@dataclass(frozen=True)
class ForumTopic:
    """A topic: its stream of post ids and its posts in stream order (all of them once the client
    has read every chunk: :func:`whole_topic`)."""

    id: int
    slug: str
    title: str
    stream: tuple[int, ...]
    posts: tuple[ForumPost, ...]


@dataclass(frozen=True)
class PostResult:
    """What ``POST /posts.json`` confirmed: the new post, or that a moderator must approve it."""

    enqueued: bool
    id: int | None = None
    post_number: int | None = None
    topic_slug: str = ""


class _Bad(Exception):
    """One wrong field: its path and what is wrong; the caller adds which answer it was."""


def answer_error(label: str, kind: str, problem: str) -> ForumAnswerError:
    """The one line for an answer that is not Discourse's ``kind`` format."""
    return ForumAnswerError(
        f"{label}: {problem}; the forum answered something else than Discourse's {kind} format"
    )


def _show(value: Any) -> str:
    """What a wrong value is, short, on one line and in ASCII (a value can hold anything)."""
    if value is None or isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {json.dumps(value[:40], ensure_ascii=True)}{'...' if len(value) > 40 else ''}"
    try:
        shown = json.dumps(value)
    except ValueError:  # an int too long to print
        shown = "(too long to show)"
    return f"a number {shown[:40]}"


def _at(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)


def _object(value: Any, path: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(
            f"{path}: expected an object, got {_show(value)}"
            if path
            else f"the answer is {_show(value)}, not an object"
        )
    return value


def _field(
    obj: dict[str, Any],
    key: str,
    path: str,
    check: Callable[[Any, str], Any],
    *,
    optional: bool = False,
    default: Any = None,
) -> Any:
    where = _at(path, key)
    if key not in obj:
        if optional:
            return default
        raise _Bad(f"{where}: missing")
    return check(obj[key], where)


def _number(value: Any, where: str, low: int = 1) -> int:
    if type(value) is not int:  # true/false are ints to Python, not to JSON
        raise _Bad(f"{where}: expected a whole number, got {_show(value)}")
    if not low <= value <= MAX_NUMBER:
        raise _Bad(f"{where}: expected a whole number from {low} to 2**63 - 1, got {_show(value)}")
    return value


def _the_topic(topic_id: int) -> Callable[[Any, str], int]:
    """Check that a topic id in the answer is the topic that was asked for."""

    def check(value: Any, where: str) -> int:
        number = _number(value, where)
        if number != topic_id:
            raise _Bad(f"{where}: {value}, not the topic asked for ({topic_id})")
        return number

    return check


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{where}: expected a list, got {_show(value)}")
    return value


def _nullable(check: Callable[[Any, str], Any]) -> Callable[[Any, str], Any]:
    return lambda value, where: None if value is None else check(value, where)


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _Bad(f"{where}: expected true or false, got {_show(value)}")
    return value


def _text(limit: int) -> Callable[[Any, str], str]:
    def check(value: Any, where: str) -> str:
        if not isinstance(value, str):
            raise _Bad(f"{where}: expected text, got {_show(value)}")
        if len(value) > limit:
            raise _Bad(f"{where}: {len(value)} characters, more than {limit}")
        return value

    return check


def _username(value: Any, where: str) -> str:
    name = _text(MAX_USERNAME)(value, where)
    if not name or any(c.isspace() or not c.isprintable() for c in name):
        raise _Bad(f"{where}: expected a forum user name, got {_show(value)}")
    return name


def _time(value: Any, where: str) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise _Bad(f"{where}: expected an ISO 8601 time, got {_show(value)}")
    try:
        when = datetime.fromisoformat(value)
        if when.tzinfo is None:
            raise _Bad(f"{where}: {_show(value)} has no time zone")
        when = when.astimezone(UTC)
    except (ValueError, OverflowError):
        raise _Bad(f"{where}: expected an ISO 8601 time, got {_show(value)}") from None
    if when.year < 1970:
        raise _Bad(f"{where}: {_show(value)} is before 1970")
    return when


def _post(value: Any, where: str, topic_id: int) -> ForumPost:
    p = _object(value, where)
    post_type = _field(p, "post_type", where, _number)
    if post_type not in POST_TYPES:
        raise _Bad(f"{_at(where, 'post_type')}: expected one of 1, 2, 3, 4, got {post_type}")
    _field(p, "topic_id", where, _the_topic(topic_id), optional=True)
    return ForumPost(
        id=_field(p, "id", where, _number),
        post_number=_field(p, "post_number", where, _number),
        post_type=post_type,
        username=_field(p, "username", where, _username),
        created_at=_field(p, "created_at", where, _time),
        cooked=_field(p, "cooked", where, _text(MAX_COOKED)),
        version=_field(p, "version", where, _number),
        user_deleted=_field(p, "user_deleted", where, _flag),
        reply_to_post_number=_field(p, "reply_to_post_number", where, _nullable(_number), optional=True),
        deleted=_field(p, "deleted_at", where, _nullable(_time), optional=True) is not None,
        cooked_hidden=_field(p, "cooked_hidden", where, _nullable(_flag), optional=True) or False,
    )


def _posts(
    stream: dict[str, Any], where: str, topic_id: int, allowed: Iterable[int], not_in: str
) -> list[ForumPost]:
    """``stream["posts"]``: a list of posts, each once, each id in ``allowed``."""
    values = _field(stream, "posts", where, _list)
    allowed, seen, posts = set(allowed), set(), []
    for n, value in enumerate(values):
        at = _at(_at(where, "posts"), n)
        post = _post(value, at, topic_id)
        if post.id in seen:
            raise _Bad(f"{at}.id: {post.id} twice")
        if post.id not in allowed:
            raise _Bad(f"{at}.id: {post.id} is not in {not_in}")
        seen.add(post.id)
        posts.append(post)
    return posts


def _stream(value: Any, where: str) -> tuple[int, ...]:
    if not isinstance(value, list):
        raise _Bad(f"{where}: expected a list of post ids, got {_show(value)}")
    ids = tuple(_number(v, _at(where, n)) for n, v in enumerate(value))
    if not ids:
        raise _Bad(f"{where}: empty (a topic has at least its first post)")
    if len(set(ids)) != len(ids):
        raise _Bad(f"{where}: a post id twice")
    return ids


def _topic(data: Any, topic_id: int) -> tuple[ForumTopic, list[ForumPost]]:
    doc = _object(data, "")
    _field(doc, "id", "", _the_topic(topic_id))
    stream_doc = _field(doc, "post_stream", "", _object)
    if "stream" not in stream_doc and "isMegaTopic" in stream_doc:
        raise _Bad("post_stream.stream: missing: a topic of 10 000+ posts (isMegaTopic) is not supported")
    stream = _field(stream_doc, "stream", "post_stream", _stream)
    first = _posts(stream_doc, "post_stream", topic_id, stream, "post_stream.stream")
    topic = ForumTopic(
        topic_id,
        _field(doc, "slug", "", _text(MAX_TITLE)),
        _field(doc, "title", "", _text(MAX_TITLE)),
        stream,
        (),
    )
    return topic, first


_T = TypeVar("_T")


def _checked(label: str, kind: str, read: Callable[..., _T], *args: Any) -> _T:
    try:
        return read(*args)
    except _Bad as bad:
        raise answer_error(label, kind, str(bad)) from None


def read_topic(data: Any, topic_id: int, label: str) -> tuple[ForumTopic, list[ForumPost]]:
    """A ``GET /t/{id}.json`` answer: the topic (without posts) and its first chunk of posts."""
    return _checked(label, "topic", _topic, data, topic_id)


def read_posts_page(data: Any, topic_id: int, asked: Iterable[int], label: str) -> list[ForumPost]:
    """A ``GET /t/{id}/posts.json?post_ids[]=…`` answer: the posts (the server drops deleted ids)."""

    def read() -> list[ForumPost]:
        doc = _object(data, "")
        _field(doc, "id", "", _the_topic(topic_id), optional=True)
        return _posts(
            _field(doc, "post_stream", "", _object), "post_stream", topic_id, asked, "the ids asked for"
        )

    return _checked(label, "posts", read)


def whole_topic(topic: ForumTopic, posts: Iterable[ForumPost]) -> ForumTopic:
    """``topic`` with ``posts`` in stream order (ties by post number)."""
    order = {pid: n for n, pid in enumerate(topic.stream)}
    ordered = sorted(posts, key=lambda p: (order.get(p.id, len(order)), p.post_number))
    return ForumTopic(topic.id, topic.slug, topic.title, topic.stream, tuple(ordered))


def read_post(data: Any, topic_id: int, label: str = "forum post") -> ForumPost:
    """One post object (e.g. a post of an answer already checked, read again by its field names)."""
    return _checked(label, "post", _post, data, "post", topic_id)


def read_new_post(data: Any, topic_id: int, label: str) -> PostResult:
    """A ``POST /posts.json`` answer of HTTP 200; anything but a new or enqueued post is "not confirmed"."""

    def read() -> PostResult:
        doc = _object(data, "")
        if doc.get("action") == "enqueued":
            return PostResult(enqueued=True)
        if doc.get("errors"):
            raise _Bad(f"errors: {_show(doc['errors'])}")
        _field(doc, "topic_id", "", _the_topic(topic_id))
        return PostResult(
            False,
            _field(doc, "id", "", _number),
            _field(doc, "post_number", "", _number),
            _field(doc, "topic_slug", "", _nullable(_text(MAX_TITLE)), optional=True) or "",
        )

    try:
        return read()
    except _Bad as bad:
        raise not_confirmed(label, str(bad)) from None


def not_confirmed(label: str, problem: str) -> ForumAnswerError:
    """The line for a post the forum did not confirm: it is never recorded as posted."""
    return ForumAnswerError(
        f"{label}: not confirmed: {problem}; the forum answered something else than "
        "Discourse's new-post format, so it is not recorded as posted (look in the "
        "thread before running again)"
    )


__all__ = [
    "ForumPost",
    "ForumTopic",
    "MAX_COOKED",
    "MAX_NUMBER",
    "MAX_TITLE",
    "MAX_USERNAME",
    "POST_TYPES",
    "PostResult",
    "TEXT_POST_TYPES",
    "answer_error",
    "not_confirmed",
    "read_new_post",
    "read_post",
    "read_posts_page",
    "read_topic",
    "whole_topic",
]
