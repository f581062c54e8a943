"""publish-update's forum step against the replay server: once per month, whatever the store."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from ldwg_bot.config import ForumConfig
from ldwg_bot.forum.discourse import ENV_KEY, ENV_USER, ForumError
from ldwg_bot.runtime.report import Report
from ldwg_bot.runtime.store import open_store
from ldwg_bot.updates.forumpost import check_credentials, heading, post_digest
from tests.discourse_replay import replay, waits  # noqa: F401 - fixtures

KEY = "k3y-that-must-never-show-9c1e"


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv(ENV_KEY, KEY)
    monkeypatch.setenv(ENV_USER, "LDWG_bot")


def _raw(replay) -> str:
    row = replay.named("POST", "/posts.json", "post-create-200.json")
    return json.loads(row.file.with_name("post-create-request.json").read_text())["raw"]


def _run(replay, store, raw: str, simulate: bool = False, **forum) -> Report:
    report = Report("publish-update")
    ctx = SimpleNamespace(
        store=open_store(store), report=report, simulate=simulate, config=SimpleNamespace(source="test.toml")
    )
    group = SimpleNamespace(name="ldwg", forum=ForumConfig(url=replay.url, digest_topic=1404, **forum))
    try:
        post_digest(ctx, group, "2023-01", raw)
    finally:
        ctx.store.close()
    return report


def test_posted_exactly_once_across_three_runs_one_with_a_fresh_store(replay, env, tmp_path, capsys):
    raw = _raw(replay)
    first = _run(replay, tmp_path / "a.sqlite", raw)
    assert [c.what for c in first.changes] == ["digest for 2023-01 posted as #30"]
    assert first.changes[0].url.endswith("/t/leadership-development-working-group/1404/30")
    assert len(replay.requests("GET")) == 2 and len(replay.requests("POST")) == 1
    before = len(replay.log)
    second = _run(replay, tmp_path / "a.sqlite", raw)
    assert "already posted" in second.notes[0] and len(replay.log) == before  # no request at all
    third = _run(replay, tmp_path / "fresh.sqlite", raw)
    assert "is in the thread already (post #30 by LDWG_bot)" in third.notes[0]
    assert len(replay.requests("POST")) == 1
    fourth = _run(replay, tmp_path / "fresh.sqlite", raw)  # the fresh store now remembers it
    assert "already posted" in fourth.notes[0] and len(replay.requests("POST")) == 1
    out = capsys.readouterr()
    for report in (first, second, third, fourth):
        assert KEY not in json.dumps(report.to_dict()) + report.summary()
    assert KEY not in out.out + out.err


def test_a_digest_already_in_the_thread_by_hand_or_earlier_is_not_posted_again(replay, env, tmp_path):
    """#25 is December 2022's digest: a new store finds it and sends nothing."""
    raw = _raw(replay).replace("January 2023", "December 2022")
    assert heading(raw) == "LDWG monthly digest: December 2022"
    report = _run(replay, tmp_path / "s.sqlite", raw)
    assert "(post #25 by LDWG_bot)" in report.notes[0] and not replay.requests("POST")


def test_simulate_prints_and_sends_nothing(replay, tmp_path, capsys, monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    report = _run(replay, tmp_path / "s.sqlite", _raw(replay), simulate=True)
    assert not replay.requests("POST") and "not posted" in report.notes[0]
    assert "## LDWG monthly digest: January 2023" in capsys.readouterr().out
    report = _run(replay, tmp_path / "s.sqlite", _raw(replay), simulate=True)
    assert "not posted" in report.notes[0]  # nothing remembered either


def test_enqueued_is_reported_and_remembered(replay, env, tmp_path):
    replay.state = "enqueued"
    report = _run(replay, tmp_path / "s.sqlite", _raw(replay))
    assert "waiting for a moderator" in report.warnings[0] and not report.changes
    again = _run(replay, tmp_path / "s.sqlite", _raw(replay))
    assert "(waiting for a moderator)" in again.notes[0] and len(replay.requests("POST")) == 1


def test_429_on_the_post_is_waited_out_and_posts_once(replay, env, tmp_path, waits):
    replay.push("POST", "/posts.json", replay.named("POST", "/posts.json", "rate-limit-429.json"))
    report = _run(replay, tmp_path / "s.sqlite", _raw(replay))
    assert waits == [37] and len(report.changes) == 1 and len(replay.posted) == 1
    assert [s.method for s in replay.requests()] == ["GET", "GET", "POST", "POST"]  # 429, then 200
    again = _run(replay, tmp_path / "s.sqlite", _raw(replay))
    assert "already posted" in again.notes[0] and len(replay.requests("POST")) == 2


@pytest.mark.parametrize("method, target", [("POST", "/posts.json"), ("GET", "/t/1404.json")])
def test_a_429_past_max_wait_posts_nothing_and_a_later_run_posts_once(
    replay, env, tmp_path, waits, method, target
):
    """On the post or on the thread read before it: one line naming max_wait, nothing sent after it."""
    replay.push(method, target, replay.named("POST", "/posts.json", "rate-limit-429.json"))
    with pytest.raises(
        ForumError,
        match=r"asks to wait 37 s, longer than max_wait \(30 s\); nothing more "
        r"sent, raise max_wait in \[group.forum\]",
    ):
        _run(replay, tmp_path / "s.sqlite", _raw(replay), max_wait=30)
    assert waits == [] and not replay.posted and replay.log[-1].path == target
    report = _run(replay, tmp_path / "s.sqlite", _raw(replay), max_wait=30)  # the limit has passed
    assert len(report.changes) == 1 and len(replay.posted) == 1


def test_422_is_one_line_and_nothing_remembered(replay, env, tmp_path):
    replay.push("POST", "/posts.json", replay.named("POST", "/posts.json", "post-create-422-too-short.json"))
    with pytest.raises(ForumError, match=r"HTTP 422\): Body is too short \(minimum is 20 characters\)$"):
        _run(replay, tmp_path / "s.sqlite", _raw(replay))
    assert len(_run(replay, tmp_path / "s.sqlite", _raw(replay)).changes) == 1


def test_missing_key_is_a_config_error_before_any_write(monkeypatch):
    monkeypatch.delenv(ENV_KEY, raising=False)
    monkeypatch.delenv(ENV_USER, raising=False)
    ctx = SimpleNamespace(simulate=False, config=SimpleNamespace(source="x.toml"))
    group = SimpleNamespace(name="ldwg", forum=ForumConfig(url="https://f.example", digest_topic=1))
    with pytest.raises(ForumError, match=f"forum.digest_topic is set.*{ENV_KEY}"):
        check_credentials(ctx, group)
    check_credentials(SimpleNamespace(simulate=True, config=ctx.config), group)  # -simulate needs no key


def test_a_digest_pasted_by_someone_else_does_not_count(replay):
    """Issue 23 part 4: only the bot's own forum account's post is the digest (a quote or a
    copy by a reader is not); was: a hand-pasted copy by anyone counted."""
    import copy

    from ldwg_bot.forum.discourse import Forum
    from ldwg_bot.updates.forumpost import find_digest

    topic = Forum(replay.url).topic(1404)
    raw = _raw(replay).replace("January 2023", "December 2022")
    hand = copy.deepcopy(topic)
    post = next(p for p in hand["post_stream"]["posts"] if p["post_number"] == 25)
    post.update(username="Mrb_Rafi", user_id=201)
    assert find_digest(hand, raw, "LDWG_bot") is None
    assert find_digest(hand, raw, "Mrb_Rafi")["post_number"] == 25  # were that the bot's account
    assert find_digest(hand, raw, "mrb_rafi")["post_number"] == 25  # Discourse names: any case
    assert find_digest(hand, raw, "") is None  # no account: never "there"
    assert find_digest(topic, _raw(replay), "LDWG_bot") is None  # January's is not there yet
