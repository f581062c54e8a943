"""collect-feedback's forum step: read each configured topic, turn it into records.

Runs before the store's write transaction (network first, short writes
after). A topic that cannot be read, or whose answer is not in Discourse's
format (:mod:`ldwg_bot.forum.records`), is one error line in the report and a
non-zero exit at the end; its stored posts stay as they were (a forum outage
or a malformed answer never marks anyone's words removed: that inference
runs only on a topic read whole and valid), and the other topics are read. When the forum rate-limits the run
past ``[group.forum]`` retries or wait caps, that one error line is all: the forum's remaining topics are not
requested (a note lists them) and keep their stored posts too. Posts get the forum's configured ``language``,
the same way a talk page's comments get the page language.
"""

from __future__ import annotations

import logging

from ..forum.discourse import Forum, ForumError, forum_for
from .forum import TopicRecords, post_records, topic_page

log = logging.getLogger("ldwg_bot")


def read_topics(ctx, plans) -> list[TopicRecords]:
    """``(group, store page, records)`` for every topic of every plan that has a forum."""
    out: list[TopicRecords] = []
    forums: dict[str, Forum] = {}
    for plan in plans:
        fo = plan.forum
        if fo is None or not fo.url or not fo.topics:
            continue
        if fo.url not in forums:
            forums[fo.url] = forum_for(fo)
        forum = forums[fo.url]
        for topic_id in dict.fromkeys(fo.topics):
            if forum.stopped:
                ctx.report.notes.append(
                    f"{fo.url}: topic {topic_id} not read in this run: "
                    f"{forum.stopped}; its stored posts are kept"
                )
                continue
            try:
                topic = forum.read_topic(topic_id)
            except ForumError as exc:  # ForumAnswerError too: one line, this topic only
                ctx.report.errors.append(str(exc))
                ctx.report.exit_code = 1
                continue
            records = post_records(topic, fo.url, fo.language)
            out.append(TopicRecords(plan.name, topic_page(fo.url, topic_id), records))
            ctx.report.count("forum posts", len(records))
    for forum in forums.values():
        ctx.report.count("forum reads", forum.calls)
        log.debug("%s: %d forum requests", forum.url, forum.calls)
    return out
