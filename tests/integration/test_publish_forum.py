"""publish-update posts the digest into the forum thread: once, whatever the store, no key shown.

The wiki is the session's devwiki; the forum is the replay server
(tests/discourse_replay.py) answering from the recorded-format files.
"""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.discourse_replay import replay, waits  # noqa: F401 - fixtures
from tests.integration.test_publish_update import ok, publish, write_config

pytestmark = pytest.mark.integration

KEY = "never-print-me-0b7d9e"
TITLE = "LDWG monthly digest: January 2023"


def _config(tmp_path, devwiki, replay, store: str, forum_extra: str = ""):
    root = "LDWG forum digest"
    cfg = write_config(
        tmp_path,
        devwiki,
        sources=tmp_path / "none",
        root=root,
        page=f"{root}/Updates",
        box=f"Template:{root} box",
        extra=textwrap.dedent(f"""\
                           [group.forum]
                           url = "{replay.url}"
                           digest_topic = 1404
                           """)
        + forum_extra,
    )
    text = cfg.read_text().replace(f'store = "{tmp_path / "store.sqlite"}"', f'store = "{tmp_path / store}"')
    cfg.write_text(text)
    return cfg, [
        "--draft",
        f"{root}/Draft",
        "--month",
        "2023-01",
        "--title",
        TITLE,
        "--summary",
        "Three surveys are open.",
    ]


def test_digest_posted_exactly_once_across_three_runs_one_with_a_fresh_store(
    devwiki, tmp_path, replay, capsys, monkeypatch
):
    devwiki.client("Mira Santos").edit(
        "LDWG forum digest/Draft",
        text=(
            "Three surveys for the plan are open.\n\n== News ==\n* Surveys are open until February 3.\n"
            "* Community calls in more languages are planned.\n* The update is in Spanish too.\n"
        ),
    )
    monkeypatch.setenv("LDWG_BOT_DISCOURSE_API_KEY", KEY)
    monkeypatch.setenv("LDWG_BOT_DISCOURSE_USER", "LDWG_bot")
    cfg, args = _config(tmp_path, devwiki, replay, "store.sqlite")
    report = tmp_path / "report.json"
    outputs = []

    out = ok(*publish(capsys, cfg, *args, "--report", str(report)))
    outputs += [out, report.read_text()]
    assert "changed: forum topic 1404" in out and "digest for 2023-01 posted as #30" in out
    posts = replay.requests("POST")
    assert len(posts) == 1 and posts[0].headers["Api-Key"] == KEY
    assert b"topic_id=1404" in posts[0].body and b"raw=%23%23+LDWG+monthly+digest" in posts[0].body

    replay.log.clear()
    out = ok(*publish(capsys, cfg, *args))  # same store: not even a read
    outputs.append(out)
    assert "already posted" in out and not replay.requests()

    cfg, args = _config(tmp_path, devwiki, replay, "fresh.sqlite")
    out = ok(*publish(capsys, cfg, *args, "--report", str(report)))
    outputs += [out, report.read_text()]
    assert "is in the thread already (post #30 by LDWG_bot)" in out
    assert [s.method for s in replay.requests()] == ["GET", "GET"]  # the thread, read once
    assert len(replay.posted) == 1

    for text in outputs:
        assert KEY not in text
    assert KEY not in json.dumps(replay.posted)


def test_simulate_prints_the_post_and_sends_nothing(devwiki, tmp_path, replay, capsys, monkeypatch):
    monkeypatch.delenv("LDWG_BOT_DISCOURSE_API_KEY", raising=False)
    monkeypatch.delenv("LDWG_BOT_DISCOURSE_USER", raising=False)
    devwiki.client("Mira Santos").edit(
        "LDWG forum digest/Draft", text="Three surveys are open.\n\n* One.\n* Two.\n* Three.\n"
    )
    cfg, args = _config(tmp_path, devwiki, replay, "sim.sqlite")
    out = ok(*publish(capsys, cfg, *args, "-simulate"))
    assert "(not sent) ---\n## LDWG monthly digest: January 2023" in out
    assert not replay.requests("POST")


def test_no_key_stops_before_the_first_write(devwiki, tmp_path, replay, capsys, monkeypatch):
    monkeypatch.delenv("LDWG_BOT_DISCOURSE_API_KEY", raising=False)
    monkeypatch.delenv("LDWG_BOT_DISCOURSE_USER", raising=False)
    cfg, args = _config(tmp_path, devwiki, replay, "nokey.sqlite")
    code, out, err = publish(capsys, cfg, *args)
    assert code == 1 and "forum.digest_topic is set" in err and "LDWG_BOT_DISCOURSE_API_KEY" in err
    assert not replay.requests()


def test_a_429_past_max_wait_leaves_the_wiki_published_and_posts_once_later(
    devwiki, tmp_path, replay, capsys, monkeypatch, waits
):
    devwiki.client("Mira Santos").edit(
        "LDWG forum digest/Draft", text="Three surveys are open.\n\n* One.\n* Two.\n* Three.\n"
    )
    monkeypatch.setenv("LDWG_BOT_DISCOURSE_API_KEY", KEY)
    monkeypatch.setenv("LDWG_BOT_DISCOURSE_USER", "LDWG_bot")
    cfg, args = _config(tmp_path, devwiki, replay, "cap.sqlite", "max_wait = 30\n")
    replay.push("POST", "/posts.json", replay.named("POST", "/posts.json", "rate-limit-429.json"))
    code, out, err = publish(capsys, cfg, *args)
    assert code == 1 and waits == [] and not replay.posted
    assert "longer than max_wait (30 s); nothing more sent, raise max_wait in [group.forum]" in err
    assert "changed: LDWG forum digest/Updates" in out  # the wiki side was published
    assert [s.method for s in replay.requests()] == ["GET", "GET", "POST"]

    out = ok(*publish(capsys, cfg, *args))  # the limit has passed: posted once
    assert "digest for 2023-01 posted as #30" in out and "changed: LDWG forum digest/Updates" not in out
    out = ok(*publish(capsys, cfg, *args))
    assert "already posted" in out and len(replay.posted) == 1
    assert KEY not in out + err
