"""Forum answers that are not in Discourse's format, through collect-feedback and publish-update.

Each case broke a run before every answer was checked (ldwg_bot/forum/records.py): a topic
answered as JSON ``null`` or a post without ``username`` ended collect-feedback with a
traceback (and so stopped run-all before translation-status); a topic with an empty stream
exited 0 and marked every stored post ``removed``; a digest POST answered 204 was recorded as
"posted as #None". Now each is one error line naming the topic, exit 1, and nothing stored
changes. The answers are served over HTTP on 127.0.0.1 by the replay server.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.discourse_replay import JSON, Row, replay  # noqa: F401 - fixture
from tests.integration.test_feedback_forum import TOPIC, _collected_once
from tests.integration.test_feedback_job import cli, collect

pytestmark = pytest.mark.integration


def topic_json(replay) -> dict:
    return json.loads(replay.rows[(("GET", TOPIC, ()), "base")].body())


def serve_once(
    replay, method: str, target: str, body: bytes, status: int = 200, headers: dict | None = None
) -> None:
    """The next ``method target`` gets this answer instead of the recorded one."""
    replay.push(
        method,
        target,
        Row(method, target, status, None, JSON if headers is None else headers, "base", data=body),
    )


def stored(cfg: Path) -> list[tuple]:
    """Every stored forum post: (id, status, removed, text); what a bad answer must not change."""
    path = cfg.read_text(encoding="utf-8").split('"', 2)[1]
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT id, status, removed, text FROM feedback_comments WHERE source = 'forum' ORDER BY id"
        ).fetchall()


def _without_username(replay) -> bytes:
    doc = topic_json(replay)
    del doc["post_stream"]["posts"][3]["username"]
    return json.dumps(doc).encode()


def _empty_stream(replay) -> bytes:
    doc = topic_json(replay)
    doc["post_stream"] = {"stream": [], "posts": []}
    return json.dumps(doc).encode()


def _post_type_as_text(replay) -> bytes:
    doc = topic_json(replay)
    for post in doc["post_stream"]["posts"]:
        post["post_type"] = str(post["post_type"])
    return json.dumps(doc).encode()


@pytest.mark.parametrize(
    "make, expected",
    [
        (
            lambda replay: b"null",
            ": topic 1404: the answer is null, not an object; the forum answered something "
            "else than Discourse's topic format",
        ),
        (
            _without_username,
            ": topic 1404: post_stream.posts[3].username: missing; the forum answered something "
            "else than Discourse's topic format",
        ),
        (
            _empty_stream,
            ": topic 1404: post_stream.stream: empty (a topic has at least its first post); the forum "
            "answered something else than Discourse's topic format",
        ),
        (
            _post_type_as_text,
            ": topic 1404: post_stream.posts[0].post_type: expected a whole number, got text "
            '"1"; the forum answered something else than Discourse\'s topic format',
        ),
    ],
    ids=["null", "no-username", "empty-stream", "post-type-text"],
)
def test_a_malformed_topic_is_one_line_exit_1_and_keeps_every_stored_post(
    devwiki, tmp_path, replay, capsys, make, expected
):
    cfg = _collected_once(devwiki, tmp_path, replay, "Forum answer")
    assert collect(cfg, tmp_path)[0] == 0  # a run with no change: every post 'unchanged'
    before = stored(cfg)
    assert len(before) == 26 and {row[1] for row in before} == {"unchanged"}
    serve_once(replay, "GET", TOPIC, make(replay))
    capsys.readouterr()
    code = cli("--config", str(cfg))
    err = capsys.readouterr().err
    assert code == 1
    assert stored(cfg) == before  # no post removed, nothing rewritten
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "topic 1404" in line]
    assert len(lines) == 1 and lines[0].endswith(replay.url + expected), err


# ---------------------------------------------------------------- the digest's POST answer

POST_CREATE = "/posts.json"


def _created(replay, **change) -> bytes:
    """The recorded 200 answer of POST /posts.json, fields changed as given (None: dropped)."""
    doc = json.loads(replay.named("POST", POST_CREATE, "post-create-200.json").body())
    doc.update(change)
    return json.dumps({k: v for k, v in doc.items() if v is not None}).encode()


@pytest.mark.parametrize(
    "status, headers, make, problem",
    [
        (204, {}, lambda r: b"", "HTTP 204 with an empty body"),
        (204, {"Content-Type": "text/html; charset=utf-8"}, lambda r: b"", "HTTP 204 with an empty body"),
        (302, {"Location": "/login"}, lambda r: b"", "HTTP 302 (a redirect), not the new post"),
        (301, {"Location": "https://elsewhere.example/posts.json"}, lambda r: b"", "HTTP 301 (a redirect)"),
        (
            200,
            {"Content-Type": "text/html"},
            lambda r: b"<html><body>Oops</body></html>",
            "HTTP 200 with Content-Type 'text/html', not JSON",
        ),
        (200, JSON, lambda r: b"null", "the answer is null, not an object"),
        (200, JSON, lambda r: _created(r)[:200], "HTTP 200: the body is not valid JSON"),
        (200, JSON, lambda r: _created(r, id=None), "id: missing"),
        (200, JSON, lambda r: _created(r, id="8957"), 'id: expected a whole number, got text "8957"'),
        (200, JSON, lambda r: _created(r, topic_id=1426), "topic_id: 1426, not the topic asked for (1404)"),
    ],
    ids=["204", "204-html", "302", "301", "html", "null", "truncated", "no-id", "id-text", "other-topic"],
)
def test_a_post_the_forum_did_not_confirm_is_one_line_and_never_recorded(
    replay, tmp_path, monkeypatch, status, headers, make, problem
):
    """A digest POST answered 204 used to be recorded as "posted as #None" and so never sent."""
    from ldwg_bot.errors import ForumAnswerError
    from tests.unit.updates.test_forumpost import ENV_KEY, ENV_USER, _raw, _run

    monkeypatch.setenv(ENV_KEY, "k3y-for-the-post-answer-tests")
    monkeypatch.setenv(ENV_USER, "LDWG_bot")
    serve_once(replay, "POST", POST_CREATE, make(replay), status, headers)
    with pytest.raises(ForumAnswerError) as exc:
        _run(replay, tmp_path / "s.sqlite", _raw(replay))
    line = str(exc.value)
    assert (
        line.startswith(f"{replay.url}: reply to topic 1404: not confirmed: {problem}") and "\n" not in line
    )
    assert "not recorded as posted" in line and "k3y" not in line
    report = _run(replay, tmp_path / "s.sqlite", _raw(replay))  # nothing was remembered: sent now, once
    assert [c.what for c in report.changes] == ["digest for 2023-01 posted as #30"]
    assert len(replay.requests("POST")) == 2
