"""Forum posts to comment records (pure): the seed thread's real posts, quotes, deletions."""

from __future__ import annotations

import json
from dataclasses import asdict

from ldwg_bot.feedback.forum import cooked_to_text, is_comment, quoted_post
from ldwg_bot.feedback.forum import post_records as records_of_record
from ldwg_bot.forum.records import read_topic, whole_topic
from tests.shared import shared_path

BASE = "https://forum.movement-strategy.org"


def _topic(name: str, *more: str) -> dict:
    folder = shared_path("fixtures", "discourse")
    topic = json.loads((folder / name).read_text(encoding="utf-8"))
    for extra in more:
        topic["post_stream"]["posts"] += json.loads((folder / extra).read_text())["post_stream"]["posts"]
    return topic


def post_records(topic: dict, base: str, language: str) -> list[dict]:
    """The records of a topic's JSON (further pages' posts added to it), checked as the client checks it."""
    records = records_of_record(whole_topic(*read_topic(topic, topic["id"], "test")), base, language)
    return [asdict(r) for r in records]


def _seed_posts() -> list[str]:
    """The seed thread's posts as plain text (title first, posts apart by two blank lines)."""
    text = shared_path("seed", "ldwg-forum-thread.txt").read_text(encoding="utf-8")
    _title, _, rest = text.partition("\n\n\n")
    return [c.strip() for c in rest.split("\n\n\n") if c.strip()]


def test_every_real_post_of_the_seed_once_with_its_text():
    """The 18 real posts of the seed, in order, word for word; the split/merge notices are not posts."""
    records = post_records(_topic("topic-seed20.json"), BASE, "en")
    seed = [c for c in _seed_posts() if not c.startswith("2 posts were split to a new topic")]
    assert [r["text"] for r in records] == seed
    assert len({r["id"] for r in records}) == len(records) == 18


def test_author_time_permalink_and_reply_to():
    records = {r["id"]: r for r in post_records(_topic("topic-seed20.json"), BASE, "en")}
    first, reply = records["6312"], records["8054"]
    assert (first["author"], first["timestamp"], first["parent_id"], first["level"]) == (
        "Mrb_Rafi",
        "2022-08-02T09:14:27Z",
        None,
        0,
    )
    assert first["permalink"] == f"{BASE}/t/leadership-development-working-group/1404/1"
    assert (reply["author"], reply["parent_id"], reply["level"]) == ("Mrb_Rafi", "8011", 1)
    assert first["section"] == "Leadership Development Working Group" and first["language"] == "en"


def test_reply_to_from_a_quote_when_reply_to_post_number_is_empty():
    """#23 quotes #22. A reply made with "quote" but not "reply" (our case: the fixture
    also has reply_to_post_number 22) has no reply_to_post_number: the quote gives #22."""
    topic = _topic("topic.json", "posts-page2.json")
    post = next(p for p in topic["post_stream"]["posts"] if p["post_number"] == 23)
    assert post["reply_to_post_number"] == 22 and quoted_post(post["cooked"], 1404) == 22
    post["reply_to_post_number"] = None
    records = {r["id"]: r for r in post_records(topic, BASE, "en")}
    assert records["8402"]["parent_id"] == "8391"
    assert records["8402"]["text"].startswith("this is great news.")
    assert "now published on Meta" not in records["8402"]["text"]


def test_small_actions_skipped_and_28_posts_read():
    topic = _topic("topic.json", "posts-page2.json")
    records = post_records(topic, BASE, "en")
    assert len(records) == 26  # 28 posts, minus the split and the merge notices
    assert not any(r["author"] == "MSG_Moderator" for r in records)


def test_whispers_and_staff_deleted_posts_skipped_in_a_staff_view():
    from tests.discourse_replay import OWN

    topic = json.loads((OWN / "topic-staff-view.json").read_text(encoding="utf-8"))
    kinds = {p["post_number"]: is_comment(p) for p in topic["post_stream"]["posts"]}
    assert kinds[22] is False and kinds[23] is False
    assert len(post_records(topic, BASE, "en")) == 18


def test_author_deleted_post_is_not_a_comment():
    topic = _topic("topic.json", "posts-page2-user-deleted.json")
    stub = next(p for p in topic["post_stream"]["posts"] if p["id"] == 8470)
    assert stub["user_deleted"] and not is_comment(stub)
    assert "8470" not in {r["id"] for r in post_records(topic, BASE, "en")}


def test_cooked_to_text_mentions_emoji_onebox_lists():
    html = (
        '<p><a class="mention" href="/u/lpiant%C3%A1_wmb">@LPiantá_WMB</a> hi '
        '<span class="mention">@Ghost</span> <img src="x.png" title=":tada:" class="emoji" '
        'alt=":tada:"></p>\n'
        '<aside class="onebox allowlistedgeneric" data-onebox-src="https://example.org/a">'
        '<header class="source">example.org</header><article '
        'class="onebox-body"><h3>T</h3></article></aside>\n'
        "<ul>\n<li>one</li>\n<li>two &amp; <b>three</b></li>\n</ul>\n<p>a<br>\nb</p>"
        '<h2>\n<a name="x-1" class="anchor" href="#x-1"></a>Head</h2><img src="upload.png" alt="image">'
        "<pre><code>keep  this\n  indent</code></pre>"
    )
    assert cooked_to_text(html) == (
        "@LPiantá_WMB hi @Ghost :tada:\n\nhttps://example.org/a\n\n- one\n"
        "- two & three\n\na\nb\n\nHead\n\nkeep  this\nindent"
    )


def test_quote_of_another_topic_is_not_a_reply():
    html = (
        '<aside class="quote" data-post="3" data-topic="99"><blockquote><p>x</p></blockquote></aside><p>y</p>'
    )
    assert quoted_post(html, 1404) is None and cooked_to_text(html) == "y"
