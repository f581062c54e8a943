"""The Discourse client (pydiscourse underneath) against the replay server, over real HTTP."""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest

from ldwg_bot.forum.discourse import (
    CHUNK,
    ENV_KEY,
    ENV_USER,
    Credentials,
    Forum,
    ForumError,
    credentials_from_env,
)
from ldwg_bot.forum.ratelimit import WaitBudget
from tests.discourse_replay import replay, waits  # noqa: F401 - fixtures

KEY = "d1s-c0urse-secret-key-5f2a"
SLUG_PATH = "/t/leadership-development-working-group/1404.json"


def test_whole_topic_in_ceil_posts_over_20_reads_anonymously(replay):
    topic = Forum(replay.url).topic(1404)
    assert len(topic["post_stream"]["posts"]) == 28
    assert [p["post_number"] for p in topic["post_stream"]["posts"]][-3:] == [27, 28, 29]
    gets = replay.requests("GET")
    assert len(gets) == 2 == -(-28 // CHUNK)
    assert gets[0].path == "/t/1404.json" and gets[1].path.startswith(
        "/t/1404/posts.json?post_ids%5B%5D=8391"
    )
    assert all("Api-Key" not in s.headers and "Api-Username" not in s.headers for s in gets)
    assert gets[0].headers["User-Agent"].startswith("ldwg-bot/")


def test_seed_only_topic_is_one_read(replay):
    replay.state = "seed-only"
    topic = Forum(replay.url).topic(1404)
    assert len(topic["post_stream"]["posts"]) == 20 and len(replay.requests()) == 1


def test_staff_deleted_post_missing_from_a_stale_stream(replay):
    """Stream still lists 8470, the server drops it: 27 posts, no error."""
    replay.state = "deleted"
    assert len(Forum(replay.url).topic(1404)["post_stream"]["posts"]) == 27


def test_json_429_waited_out_as_extras_wait_seconds_says(replay, waits):
    replay.push("GET", "/t/1404.json", replay.named("POST", "/posts.json", "rate-limit-429.json"))
    forum = Forum(replay.url)
    assert len(forum.topic(1404)["post_stream"]["posts"]) == 28
    assert waits == [37]  # Retry-After 37 (= wait_seconds), not pydiscourse's 37 + 1 s
    assert len(replay.requests()) == 3 and forum.calls == 2


def test_plain_text_429_from_the_ip_limiter_waited_out(replay, waits):
    row = replay.named("GET", SLUG_PATH, "rate-limit-429-ip.txt")
    assert row.headers["Retry-After"] == "8" and row.headers["Content-Type"].startswith("text/plain")
    replay.push("GET", "/t/1404.json", row)
    assert len(Forum(replay.url).topic(1404)["post_stream"]["posts"]) == 28
    # the 8 s Retry-After asks (pydiscourse alone would wait a fixed 10 + 1 s)
    assert waits == [8] and waits[0] >= int(row.headers["Retry-After"])


def test_429_retries_are_bounded_then_one_clear_line(replay, waits):
    row = replay.named("GET", SLUG_PATH, "rate-limit-429-ip.txt")
    replay.push("GET", "/t/1404.json", *[row] * 10)
    with pytest.raises(ForumError) as exc:
        Forum(replay.url).topic(1404)
    assert "still rate-limited (HTTP 429) after 4 tries; nothing more sent, run again in 8 s or later" in str(
        exc.value
    ) and "\n" not in str(exc.value)
    assert len(replay.requests()) == 4 and len(waits) == 3
    assert "raise retries in [group.forum] (now 3, at most 10)" in str(exc.value)


def _json_429(replay, **headers):
    """The recorded JSON 429 (Retry-After 37, wait_seconds 37), its headers changed as given (None: drop)."""
    row = replay.named("POST", "/posts.json", "rate-limit-429.json")
    new = {k: v for k, v in {**row.headers, **headers}.items() if v is not None}
    return dataclasses.replace(row, headers=new)


def test_without_retry_after_the_body_then_10_s_decide(replay, waits):
    replay.push("GET", "/t/1404.json", _json_429(replay, **{"Retry-After": None}))
    plain = replay.named("GET", SLUG_PATH, "rate-limit-429-ip.txt")
    replay.push("GET", "/t/1404.json", dataclasses.replace(plain, headers={"Content-Type": "text/plain"}))
    assert len(Forum(replay.url).topic(1404)["post_stream"]["posts"]) == 28
    assert waits == [37, 10]  # extras.wait_seconds, then the default for a bare text 429


def test_a_wait_over_max_wait_stops_the_forum_for_the_run(replay, waits):
    replay.push("GET", "/t/1404.json", _json_429(replay))
    forum = Forum(replay.url, budget=WaitBudget(max_wait=30))
    with pytest.raises(ForumError) as exc:
        forum.topic(1404)
    assert str(exc.value) == (
        f"{replay.url}: topic 1404: rate-limited (HTTP 429): the forum asks to wait "
        "37 s, longer than max_wait (30 s); nothing more sent, raise max_wait in "
        "[group.forum] (at most 3600) or run again later"
    )
    assert waits == [] and len(replay.requests()) == 1
    with pytest.raises(ForumError, match="topic 1426: not sent: the forum rate-limited this run"):
        forum.topic(1426)
    assert len(replay.requests()) == 1  # no request after the stop


def test_waits_past_max_total_wait_stop_the_forum(replay, waits):
    replay.push("GET", "/t/1404.json", _json_429(replay), _json_429(replay))
    forum = Forum(replay.url, budget=WaitBudget(max_wait=60, max_total_wait=60))
    with pytest.raises(
        ForumError,
        match=r"waiting 37 s more would make 74 s in this run, over "
        r"max_total_wait \(60 s\); nothing more sent, raise max_total_wait in \[group.forum\]",
    ):
        forum.topic(1404)
    assert waits == [37] and len(replay.requests()) == 2 and forum.stopped


def test_retries_0_gives_up_at_the_first_429(replay, waits):
    replay.push("GET", "/t/1404.json", _json_429(replay))
    with pytest.raises(
        ForumError,
        match=r"after 1 try; nothing more sent, run again in 37 s or later, "
        r"or raise retries in \[group.forum\] \(now 0, at most 10\)",
    ):
        Forum(replay.url, retries=0).topic(1404)
    assert waits == [] and len(replay.requests()) == 1


def test_login_required_says_only_public_topics_are_read(replay):
    """Reads never send the key (it goes only with a post), so the way out is a public topic."""
    replay.state = "login-required"
    with pytest.raises(ForumError) as exc:
        Forum(replay.url, Credentials("LDWG_bot", KEY)).topic(1404)
    assert "not public (HTTP 403, not_logged_in)" in str(exc.value) and "[group.forum] topics" in str(
        exc.value
    )
    assert ENV_KEY not in str(exc.value) and "Api-Key" not in replay.requests("GET")[0].headers


def test_unknown_topic_is_one_line(replay):
    with pytest.raises(ForumError, match="not found .*topic id"):
        Forum(replay.url).topic(999)


def test_post_sends_the_key_only_in_headers_and_never_shows_it(replay, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    forum = Forum(replay.url, Credentials("LDWG_bot", KEY))
    raw = json.loads(
        replay.named("POST", "/posts.json", "post-create-200.json")
        .file.with_name("post-create-request.json")
        .read_text()
    )["raw"]
    forum.topic(1404)
    result = forum.reply(1404, raw)
    assert (result.post_number, result.id, result.enqueued) == (30, 8957, False)
    assert all("Api-Key" not in s.headers and "Api-Username" not in s.headers for s in replay.requests("GET"))
    sent = replay.requests("POST")[0]
    assert sent.headers["Api-Key"] == KEY and sent.headers["Api-Username"] == "LDWG_bot"
    assert KEY.encode() not in sent.body and b"topic_id=1404" in sent.body
    replay.push("POST", "/posts.json", replay.named("POST", "/posts.json", "error-403-invalid-api-key.json"))
    with pytest.raises(ForumError) as exc:
        forum.reply(1404, raw)
    text = str(exc.value) + repr(forum) + repr(forum.credentials) + caplog.text + "".join(capsys.readouterr())
    assert KEY not in text
    assert "invalid_access" in str(exc.value) and ENV_KEY in str(exc.value)


@pytest.mark.parametrize(
    "file, reason",
    [
        ("post-create-422-too-short.json", "Body is too short (minimum is 20 characters)"),
        ("post-create-422-too-similar.json", "Body is too similar to what you posted recently"),
    ],
)
def test_422_is_one_line_with_discourses_reason(replay, file, reason):
    replay.push("POST", "/posts.json", replay.named("POST", "/posts.json", file))
    with pytest.raises(ForumError) as exc:
        Forum(replay.url, Credentials("LDWG_bot", KEY)).reply(1404, "short")
    assert str(exc.value).endswith(f"Discourse refused the post (HTTP 422): {reason}")


def test_credentials_from_env():
    assert credentials_from_env({}) is None
    creds = credentials_from_env({ENV_KEY: KEY, ENV_USER: "LDWG_bot"})
    assert creds.user == "LDWG_bot" and KEY not in repr(creds)
    with pytest.raises(ForumError, match=ENV_USER):
        credentials_from_env({ENV_KEY: KEY})


def test_no_forum_listening_is_one_line():
    import socket

    with socket.socket() as s:  # a free port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(ForumError, match=r"ConnectionError: the forum did not answer \(check forum.url"):
        Forum(f"http://127.0.0.1:{port}", timeout=5).topic(1404)


@pytest.mark.parametrize(
    "url, allowed",
    [
        ("https://forum.movement-strategy.org", True),
        ("http://127.0.0.1:8089", True),
        ("http://localhost:9", True),
        ("http://[::1]:9", True),
        ("http://forum.movement-strategy.org", False),
        ("http://127.0.0.1.example.org", False),
    ],
)
def test_forum_url_is_https_except_to_this_machine(url, allowed):
    """The same rule as site.api: the key would cross the network in clear text."""
    import tomllib

    from ldwg_bot.config import from_dict
    from ldwg_bot.errors import ConfigError

    text = f'[[group]]\n[group.forum]\nurl = "{url}"\ntopics = [1404]\n'
    if allowed:
        assert from_dict(tomllib.loads(text), "my.toml").group().forum.url == url
        return
    with pytest.raises(ConfigError) as exc:
        from_dict(tomllib.loads(text), "my.toml")
    assert str(exc.value) == (
        f"my.toml: group[0].forum.url: {url} is plain http: the forum's API key would "
        "cross the network unencrypted; use https:// (http is accepted only for localhost)"
    )


def test_the_key_is_never_sent_over_plain_http_to_another_machine():
    forum = Forum("http://forum.movement-strategy.org", Credentials("LDWG_bot", KEY))
    with pytest.raises(ForumError) as exc:
        forum.reply(1404, "A digest long enough to be a post.")
    assert str(exc.value) == (
        "http://forum.movement-strategy.org: reply to topic 1404: not sent: the address is "
        f"plain http, so {ENV_KEY} would cross the network unencrypted; use https:// in "
        "forum.url (http only for localhost)"
    )
    assert forum.calls == 0 and KEY not in str(exc.value)


def test_reads_send_no_key_even_with_credentials(replay):
    forum = Forum(replay.url, Credentials("LDWG_bot", KEY))
    forum.topic(1404)
    assert len(replay.requests("GET")) == 2
    assert not any(
        KEY in json.dumps(s.headers) or "Api-Username" in s.headers for s in replay.requests("GET")
    )
