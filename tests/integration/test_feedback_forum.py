"""collect-feedback with a forum topic: the replayed Discourse thread beside a real talk page.

The forum answers from the recorded-format files through the loopback replay
server (tests/discourse_replay.py) and the real HTTP client; the wiki is the
session's devwiki.
"""

from __future__ import annotations

import json
import tomllib
import uuid
from html import unescape
from pathlib import Path

import pytest

from tests.discourse_replay import replay, waits  # noqa: F401 - fixtures
from tests.integration.test_feedback_job import Poster, cli, collect, rendered

pytestmark = pytest.mark.integration

TOPIC = "/t/1404.json"


def forum_config(
    tmp_path: Path,
    wiki,
    forum_url: str,
    page: str,
    summary: str,
    topics: str = "[1404]",
    forum_extra: str = "",
) -> Path:
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        f'store = "{tmp_path / "store.sqlite"}"\n'
        f'[site]\nfamily = "{wiki.family}"\ncode = "{wiki.family}"\napi = "{wiki.api_url}"\n'
        f'user = "LdwgBot"\nput_throttle = 0\nsummary_suffix = "(ldwg-bot test)"\n'
        f'[[group]]\nname = "ldwg"\n[group.feedback]\ntalk_pages = [{json.dumps(page)}]\n'
        f"summary_page = {json.dumps(summary)}\n"
        f'[group.forum]\nurl = "{forum_url}"\ntopics = {topics}\nlanguage = "en"\n{forum_extra}',
        encoding="utf-8",
    )
    return cfg


def _forum(rows: list[dict]) -> dict[str, dict]:
    return {r["id"]: r for r in rows if r["source"] == "forum"}


def test_forum_posts_join_the_store_summary_and_export(devwiki, tmp_path, replay):
    uid = uuid.uuid4().hex[:8]
    page, summary = f"Talk:Forum feedback {uid}", f"Forum feedback {uid}/Summary"
    Poster(devwiki).post(page, "Farida", "A talk-page comment.", heading="Talk")
    cfg = forum_config(tmp_path, devwiki, replay.url, page, summary)
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    forum = _forum(rows)
    assert len(forum) == 26 and {r["status"] for r in forum.values()} == {"new"}
    assert forum["8402"]["parent_id"] == "8391" and forum["8402"]["author"] == "Sm8900"
    assert forum["6312"]["permalink"] == f"{replay.url}/t/leadership-development-working-group/1404/1"
    assert rep["counts"]["forum reads"] == 2 and len(replay.requests()) == 2
    html = unescape(rendered(devwiki, summary))
    assert "26 forum posts in 1 topic," in html and "forum topic" in html and "A talk-page comment." in html
    assert "Mrb_Rafi" in html and "Leadership Development Working Group" in html

    # a second run: nothing changes, only ceil(28/20) = 2 forum reads, no wiki edit
    replay.log.clear()
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0 and not rep["changes"]
    assert {r["status"] for r in rows} == {"unchanged"}
    assert [s.method for s in replay.requests()] == ["GET", "GET"] and rep["counts"]["forum reads"] == 2

    # post #20 edited: only its own version and updated_at tell
    replay.state = "edited"
    code, rows, rep = collect(cfg, tmp_path)
    forum = _forum(rows)
    assert (
        forum["8011"]["status"] == "edited"
        and "I am a small contributor to this movement" in forum["8011"]["text"]
    )
    assert [r["id"] for r in forum.values() if r["status"] != "unchanged"] == ["8011"]
    assert forum["8011"]["revision"] == 2


def _collected_once(devwiki, tmp_path, replay, label: str) -> Path:
    """A new talk page with one comment, collected once with the forum thread; its config."""
    page = f"Talk:{label} {uuid.uuid4().hex[:8]}"
    Poster(devwiki).post(page, "Farida", "A talk-page comment.", heading="Talk")
    cfg = forum_config(tmp_path, devwiki, replay.url, page, f"{page[5:]}/Summary")
    assert collect(cfg, tmp_path)[0] == 0
    return cfg


@pytest.mark.parametrize("state", ["user-deleted", "deleted"])
def test_deleted_posts_become_removed_on_the_next_run(devwiki, tmp_path, replay, state):
    cfg = _collected_once(devwiki, tmp_path, replay, "Forum deleted")
    replay.state = state
    code, rows, rep = collect(cfg, tmp_path)
    forum = _forum(rows)
    assert code == 0 and forum["8470"]["status"] == "removed"
    assert forum["8470"]["text"].startswith("Congratulations to the whole group!")  # words kept
    assert [r["id"] for r in forum.values() if r["status"] != "unchanged"] == ["8470"]
    assert rep["counts"]["removed"] == 1


def test_forum_outage_is_one_error_and_keeps_the_stored_posts(devwiki, tmp_path, replay, capsys):
    cfg = _collected_once(devwiki, tmp_path, replay, "Forum outage")
    replay.state = "login-required"
    code = cli("--config", str(cfg))
    err = capsys.readouterr().err
    assert code == 1 and "not public (HTTP 403, not_logged_in)" in err
    replay.state = "base"
    code, rows, rep = collect(cfg, tmp_path)
    assert {r["status"] for r in _forum(rows).values()} == {"unchanged"} and len(_forum(rows)) == 26


def _json_429(replay):
    """The recorded JSON 429 of ../shared (Retry-After 37, extras.wait_seconds 37)."""
    return replay.named("POST", "/posts.json", "rate-limit-429.json")


def test_a_429_is_waited_out_and_the_topic_read(devwiki, tmp_path, replay, waits):
    uid = uuid.uuid4().hex[:8]
    page = f"Talk:Forum 429 {uid}"
    Poster(devwiki).post(page, "Farida", "A talk-page comment.", heading="Talk")
    cfg = forum_config(tmp_path, devwiki, replay.url, page, f"Forum 429 {uid}/Summary")
    replay.push("GET", TOPIC, _json_429(replay))
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    assert waits == [37]  # Retry-After, slept once (recorded, not slept)
    assert len(_forum(rows)) == 26 and {r["status"] for r in _forum(rows).values()} == {"new"}
    assert [s.path for s in replay.requests()][:2] == [TOPIC, TOPIC] and len(replay.requests()) == 3
    assert rep["counts"]["forum reads"] == 2 and not rep["errors"]


def test_a_429_past_max_wait_is_one_error_and_the_wiki_side_goes_on(devwiki, tmp_path, replay, waits, capsys):
    cfg = _collected_once(devwiki, tmp_path, replay, "Forum over cap")
    text = cfg.read_text(encoding="utf-8")
    page = tomllib.loads(text)["group"][0]["feedback"]["talk_pages"][0]
    cfg.write_text(text.replace("topics = [1404]", "topics = [1404, 1426]\nmax_wait = 30"), encoding="utf-8")
    Poster(devwiki).post(page, "Kwame", "A later talk-page comment.", heading="Later")
    replay.log.clear()
    replay.push("GET", TOPIC, _json_429(replay))
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 1 and waits == []
    assert rep["errors"] == [
        f"{replay.url}: topic 1404: rate-limited (HTTP 429): the forum asks to wait 37 s, "
        "longer than max_wait (30 s); nothing more sent, raise max_wait in [group.forum] "
        "(at most 3600) or run again later"
    ]
    assert any("topic 1426 not read in this run" in n for n in rep["notes"])
    assert [s.path for s in replay.requests()] == [TOPIC]  # nothing after the 429, not even 1426
    forum = _forum(rows)
    assert len(forum) == 26 and {r["status"] for r in forum.values()} == {"unchanged"}  # stored posts kept
    wiki = [r for r in rows if r["source"] == "wiki"]
    assert [r["status"] for r in wiki if r["author"] == "Kwame"] == ["new"]  # the wiki side went on
    assert "A later talk-page comment." in unescape(rendered(devwiki, f"{page[5:]}/Summary"))
    assert "ldwg-bot: error:" in capsys.readouterr().err
