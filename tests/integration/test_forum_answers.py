"""Forum answers that are not in Discourse's format, through collect-feedback and publish-update.

Each case broke a run before every answer was checked (ldwg_bot/forum_records.py): a topic
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


def serve_once(replay, method: str, target: str, body: bytes, status: int = 200, headers: dict | None = None) -> None:
    """The next ``method target`` gets this answer instead of the recorded one."""
    replay.push(method, target, Row(method, target, status, None, JSON if headers is None else headers,
                                    "base", data=body))


def stored(cfg: Path) -> list[tuple]:
    """Every stored forum post: (id, status, removed, text); what a bad answer must not change."""
    path = cfg.read_text(encoding="utf-8").split('"', 2)[1]
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT id, status, removed, text FROM feedback_comments WHERE source = 'forum' "
                            "ORDER BY id").fetchall()


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


@pytest.mark.parametrize("make, expected", [
    (lambda replay: b"null", ": topic 1404: the answer is null, not an object; the forum answered something "
                             "else than Discourse's topic format"),
    (_without_username, ": topic 1404: post_stream.posts[3].username: missing; the forum answered something "
                        "else than Discourse's topic format"),
    (_empty_stream, ": topic 1404: post_stream.stream: empty (a topic has at least its first post); the forum "
                    "answered something else than Discourse's topic format"),
    (_post_type_as_text, ": topic 1404: post_stream.posts[0].post_type: expected a whole number, got text "
                         "\"1\"; the forum answered something else than Discourse's topic format"),
], ids=["null", "no-username", "empty-stream", "post-type-text"])
def test_a_malformed_topic_is_one_line_exit_1_and_keeps_every_stored_post(devwiki, tmp_path, replay, capsys,
                                                                          make, expected):
    cfg = _collected_once(devwiki, tmp_path, replay, "Forum answer")
    assert collect(cfg, tmp_path)[0] == 0             # a run with no change: every post 'unchanged'
    before = stored(cfg)
    assert len(before) == 26 and {row[1] for row in before} == {"unchanged"}
    serve_once(replay, "GET", TOPIC, make(replay))
    capsys.readouterr()
    code = cli("--config", str(cfg))
    err = capsys.readouterr().err
    assert code == 1
    assert stored(cfg) == before                      # no post removed, nothing rewritten
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if "topic 1404" in line]
    assert len(lines) == 1 and lines[0].endswith(replay.url + expected), err
