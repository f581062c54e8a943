"""Forum posts as feedback: a checked Discourse topic in, comment records out (pure).

:func:`post_records` turns the topic record of :meth:`ldwg_bot.forum.discourse.Forum.read_topic`
(every field checked by :mod:`ldwg_bot.forum.records`) into the same records a talk
page gives (see :func:`.store.apply_records`), with ``source = "forum"``. Rules, in our words, from
Discourse's serializers and post model (sources in ``FACTS.md`` of the test fixtures):

- only regular posts (``post_type`` 1) and moderator posts (2) are people's
  words; small actions (3: a split, a merge, a closed topic) and whispers (4,
  staff only) are skipped (``Post.types``);
- a post its author deleted keeps its place as "(post deleted by author)"
  with ``user_deleted``; a staff-deleted post leaves the stream (or, seen by
  staff, has ``deleted_at``); a hidden (flagged) post shows a placeholder
  with ``cooked_hidden``. None of them is a comment, so a stored one becomes
  ``removed``;
- reply-to is ``reply_to_post_number``; Discourse leaves it empty when the
  reply quotes the post instead, so the first ``aside.quote`` of another
  post of the same topic (``data-post``) counts as the reply-to;
- the text is the ``cooked`` HTML as plain text: quotes removed (the quoted
  words belong to the other post), emoji as their ``:name:``, mentions as
  ``@name``, a link preview (onebox) as its URL, list items as ``- item``.

The HTML is read with BeautifulSoup (``html.parser``), not with patterns.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bs4 import BeautifulSoup, NavigableString, Tag

from ..forum.records import TEXT_POST_TYPES, ForumPost, ForumTopic, read_post
from .record import CommentRecord, iso

SOURCE = "forum"
_BLOCKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "table",
    "tr",
    "aside",
    "header",
    "article",
    "details",
    "summary",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
}


class TopicRecords(NamedTuple):
    """The comment records of one forum topic, and where they are stored."""

    group: str
    page: str  # see topic_page()
    records: list[CommentRecord]


def topic_page(base_url: str, topic_id: int) -> str:
    """The store's ``page`` for a topic's posts: its URL without the slug (a slug can change)."""
    return f"{base_url.rstrip('/')}/t/{topic_id}"


def cooked_to_text(cooked: str) -> str:
    """Plain text of a post's ``cooked`` HTML (see the module doc)."""
    soup = BeautifulSoup(cooked or "", "html.parser")
    for quote in soup.select("aside.quote"):
        quote.decompose()
    for box in soup.select("aside.onebox"):
        link = soup.new_tag("p")
        link.string = str(box.get("data-onebox-src") or "")
        box.replace_with(link)
    for anchor in soup.select("a.anchor"):
        anchor.decompose()
    for img in soup.find_all("img"):
        if "emoji" in (img.get("class") or []):
            img.replace_with(str(img.get("alt") or img.get("title") or ""))
        else:
            img.decompose()
    for s in list(soup.find_all(string=True)):
        if type(s) is not NavigableString or s.find_parent("pre"):
            continue
        if not s.strip() and isinstance(s.parent, Tag) and s.parent.name in ("ul", "ol", "[document]"):
            s.extract()  # layout between list items or blocks, not text
        else:
            s.replace_with(re.sub(r"\s+", " ", str(s)))
    for br in soup.find_all("br"):
        br.replace_with("\n")
    for tag in soup.find_all(_BLOCKS):
        if tag.name == "li":
            tag.insert(0, "- ")
            tag.insert_after("\n")
        else:
            tag.insert_before("\n\n")
            tag.insert_after("\n\n")
    lines = [line.strip() for line in soup.get_text().split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def quoted_post(cooked: str, topic_id: int) -> int | None:
    """The post number of the first quote of a post in this topic, if any."""
    soup = BeautifulSoup(cooked or "", "html.parser")
    for quote in soup.select("aside.quote[data-post]"):
        topic = quote.get("data-topic")
        if topic and str(topic) != str(topic_id):
            continue
        try:
            return int(str(quote["data-post"]))
        except ValueError:
            continue
    return None


def is_comment(post: ForumPost | dict) -> bool:
    """Does this post carry someone's words that readers can see now?

    A dict is a post of :meth:`ldwg_bot.forum.discourse.Forum.topic`'s checked JSON."""
    return (post if isinstance(post, ForumPost) else read_post(post, post.get("topic_id") or 0)).is_comment


def post_records(topic: ForumTopic, base_url: str, language: str) -> list[CommentRecord]:
    """Comment records of every visible post of ``topic``, in thread order."""
    base = base_url.rstrip("/")
    tid = topic.id
    slug = topic.slug or "topic"
    title = " ".join((topic.title or f"Topic {tid}").split())
    ids = {p.post_number: p.id for p in topic.posts if p.post_type in TEXT_POST_TYPES}
    records: list[CommentRecord] = []
    for post in topic.posts:
        if not post.is_comment:
            continue
        number = post.post_number
        parent = post.reply_to_post_number or quoted_post(post.cooked, tid)
        parent_id = ids.get(parent) if parent and parent != number else None
        records.append(
            CommentRecord(
                id=str(post.id),
                parent_id=str(parent_id) if parent_id is not None else None,
                revision=post.version,
                section=title,
                section_anchor=f"t{tid}",
                level=1 if parent_id is not None else 0,
                author=post.username,
                timestamp=iso(post.created_at),
                language=language,
                text=cooked_to_text(post.cooked),
                permalink=f"{base}/t/{slug}/{tid}/{number}",
            )
        )
    return records


__all__ = [
    "SOURCE",
    "TopicRecords",
    "cooked_to_text",
    "is_comment",
    "post_records",
    "quoted_post",
    "topic_page",
]
