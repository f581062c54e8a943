"""publish-update's last step: the month's digest as a reply in the forum thread.

Once per forum, topic and update month. The store remembers a post it made
(meta ``publish-update:forum-digest:URL:TOPIC:YYYY-MM``), and commits the
intent (``{"state": "pending"}``) before sending. Without the sent record
(a new store, or a run stopped between the intent and the answer) the
thread is read first, and a post of the bot's own forum account
(``LDWG_BOT_DISCOURSE_USER``) whose first line is this digest's heading
means it is there already: nothing is sent. Someone else's copy or quote
of the digest is not the bot's post. Discourse's own answer to a refusal is
passed on as one line (:func:`ldwg_bot.forum.discourse.explain`); a post held for
a moderator (``action: "enqueued"``) is reported as such and remembered.
Under -simulate the post is printed and nothing is sent.
"""

from __future__ import annotations

import json
import sys

from ..feedback.forum import cooked_to_text, is_comment
from ..forum.discourse import ENV_KEY, ENV_USER, ForumError, credentials_from_env, forum_for
from ..runtime.store import get_meta, set_meta


def meta_key(url: str, topic_id: int, month_slug: str) -> str:
    return f"publish-update:forum-digest:{url.rstrip('/')}:{topic_id}:{month_slug}"


def heading(raw: str) -> str:
    """The digest's first line without Markdown heading marks: how its post is recognised."""
    first = raw.strip().splitlines()[0] if raw.strip() else ""
    return " ".join(first.lstrip("#").split())


def find_digest(topic: dict, raw: str, username: str) -> dict | None:
    """A post of the topic by the forum account ``username`` that starts with the digest's
    heading (Discourse compares usernames case-insensitively); none without an account."""
    want = heading(raw)
    for post in topic["post_stream"]["posts"]:
        if not is_comment(post) or not username or str(post.get("username", "")).lower() != username.lower():
            continue
        text = cooked_to_text(post.get("cooked", ""))
        if want and text.splitlines() and " ".join(text.splitlines()[0].split()) == want:
            return post
    return None


def check_credentials(ctx, group) -> None:
    """Before the first write: a digest topic needs the key (not under -simulate)."""
    if group.forum.digest_topic and not ctx.simulate and credentials_from_env() is None:
        raise ForumError(
            f"{ctx.config.source}: group {group.name}: forum.digest_topic is set, so "
            f"publish-update posts the digest: set {ENV_KEY} and {ENV_USER} in the "
            "environment (or set digest_topic = 0)"
        )


def post_digest(ctx, group, month_slug: str, raw: str) -> None:
    """Post ``raw`` to ``forum.digest_topic`` unless this month's digest is there already."""
    fo = group.forum
    report = ctx.report
    key = meta_key(fo.url, fo.digest_topic, month_slug)
    done = json.loads(get_meta(ctx.store, key) or "null")
    if done and done.get("state") != "pending":
        report.notes.append(
            f"forum digest for {month_slug} already posted: {done.get('url', '')}"
            f"{' (waiting for a moderator)' if done.get('enqueued') else ''}"
        )
        return
    forum = forum_for(fo)
    topic = forum.topic(fo.digest_topic)
    slug = topic.get("slug") or "topic"
    account = credentials_from_env()
    there = find_digest(topic, raw, account.user if account else "")
    if there is not None:
        url = f"{forum.url}/t/{slug}/{fo.digest_topic}/{there['post_number']}"
        report.notes.append(
            f"forum digest for {month_slug} is in the thread already "
            f"(post #{there['post_number']} by {there.get('username')}): {url}; not posted again"
        )
        if not ctx.simulate:
            set_meta(ctx.store, key, json.dumps({"url": url, "post_id": there["id"]}))
        return
    if ctx.simulate:
        sys.stdout.write(f"--- forum reply to {forum.url}/t/{slug}/{fo.digest_topic} (not sent) ---\n{raw}")
        report.notes.append(f"-simulate: forum digest for {month_slug} not posted")
        return
    set_meta(ctx.store, key, json.dumps({"state": "pending"}))  # the next run reads the thread first
    result = forum.reply(fo.digest_topic, raw)  # confirmed, else a "not confirmed" ForumAnswerError
    if result.enqueued:
        url = f"{forum.url}/t/{slug}/{fo.digest_topic}"
        set_meta(ctx.store, key, json.dumps({"url": url, "enqueued": True}))
        report.warnings.append(
            f"forum digest for {month_slug} is waiting for a moderator's approval (enqueued) in {url}"
        )
        report.count("forum posts enqueued")
        return
    number = result.post_number
    url = f"{forum.url}/t/{result.topic_slug or slug}/{fo.digest_topic}/{number}"
    set_meta(ctx.store, key, json.dumps({"url": url, "post_id": result.id}))
    report.changed(f"forum topic {fo.digest_topic}", url, f"digest for {month_slug} posted as #{number}")
    report.count("forum posts")


__all__ = ["check_credentials", "find_digest", "heading", "meta_key", "post_digest"]
