"""One-time actions go out exactly once: the intent is committed before sending, and a run
that finds it looks at the remote side first: MassMessage's log here; the thread's posts by
the bot's own forum account only in test_forumpost.py."""

from __future__ import annotations

import json

from ldwg_bot.runtime.store import get_meta, open_store
from ldwg_bot.updates.announce import announce, announced_key
from tests.support.fakewiki import FakeWiki

from .test_job import NOW, PAGE, SENT, paraminfo_with, translate_reads
from .util import update

LIST = "LDWG/Delivery list"


def log_entry(user: str, subject: str, timestamp: str = "2022-08-31T12:00:05Z") -> dict:
    """One ``list=logevents`` entry as MassMessage::logToWiki writes it (formatversion 2)."""
    return {
        "logid": 41,
        "ns": 0,
        "title": LIST,
        "pageid": 7,
        "logpage": 7,
        "params": {"revid": 12, "pageMessage": ""},
        "type": "massmessage",
        "action": "send",
        "user": user,
        "timestamp": timestamp,
        "comment": subject,
    }


class LoggedWiki(FakeWiki):
    """Answers paraminfo as the publish-update tests' wiki does, every send with MassMessage's
    success, and ``list=logevents`` from ``log``."""

    def __init__(self, log: list[dict]):
        super().__init__(translate_reads(paraminfo_with("massmessage")), on_post=lambda action, params: SENT)
        self.log = log

    def request(self, **params):
        if params.get("list") == "logevents":
            self.calls.append(params)
            assert params["letype"] == "massmessage" and params["leuser"] == "LdwgBot"
            return {"query": {"logevents": [e for e in self.log if e["title"] == params["letitle"]]}}
        return super().request(**params)


def _pending(store, u) -> None:
    from ldwg_bot.runtime.store import set_meta

    set_meta(
        store,
        announced_key("meta:meta", LIST, u),
        json.dumps({"state": "pending", "at": "2022-08-31T12:00:00Z", "title": u.title}),
    )


def test_a_pending_announcement_found_in_the_log_is_recorded_and_not_sent(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    u = update("Body.", month="2022-08", title="LDWG: August 2022")
    _pending(store, u)
    wiki = LoggedWiki([log_entry("LdwgBot", "LDWG: August 2022")])
    result = announce(wiki, store, u, LIST, PAGE, NOW, "meta:meta")
    assert not result.sent and "MassMessage's log" in result.message and wiki.posts == []
    record = json.loads(get_meta(store, announced_key("meta:meta", LIST, u)))
    assert record["logid"] == 41 and "state" not in record
    assert not announce(wiki, store, u, LIST, PAGE, NOW, "meta:meta").sent and wiki.posts == []


def test_a_pending_announcement_not_in_the_log_is_sent_once(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    u = update("Body.", month="2022-08", title="LDWG: August 2022")
    _pending(store, u)
    # another account's send, and the bot's send of another subject, are not this one
    wiki = LoggedWiki(
        [log_entry("Someone else", "LDWG: August 2022"), log_entry("LdwgBot", "LDWG: July 2022")]
    )
    assert announce(wiki, store, u, LIST, PAGE, NOW, "meta:meta").sent
    assert len(wiki.posts) == 1
    assert '"sent_at"' in get_meta(store, announced_key("meta:meta", LIST, u))


def test_the_intent_is_committed_before_the_message_is_sent(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    u = update("Body.", month="2022-08", title="LDWG: August 2022")
    seen = []

    class Watching(LoggedWiki):
        def post_write(self, action, **params):
            seen.append(
                json.loads(
                    get_meta(open_store(tmp_path / "s.sqlite"), announced_key("meta:meta", LIST, u)) or "null"
                )
            )
            return super().post_write(action, **params)

    assert announce(Watching([]), store, u, LIST, PAGE, NOW, "meta:meta").sent
    assert seen == [{"state": "pending", "at": "2022-08-31T12:00:00Z", "title": u.title}]
