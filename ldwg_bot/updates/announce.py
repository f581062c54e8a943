"""Announcing an update with MassMessage, once.

``action=massmessage`` (POST ``spamlist``, ``subject``, ``message``, csrf
token; needs the ``massmessage`` right) delivers to every page on the
delivery list. An update is announced at most once per delivery list
(``meta`` key :func:`announced_key`):

1. before sending, the intent is committed: ``{"state": "pending", ...}``;
2. when the wiki accepted it, the record becomes the sent one (``sent_at``);
3. a run that finds a pending intent (the last one stopped between 1 and 2)
   looks in MassMessage's log first (:func:`in_massmessage_log`): the
   message is there, sent by the bot's own account, to this list, with this
   subject, since the intent -> recorded as sent, not sent again; not there
   -> sent.

When MassMessage is not installed, the right is missing or the run is
simulated nothing is recorded, so a later run can still send it; so is an
API error (the wiki answered no: nothing went out).

MassMessage's log, as MassMessage writes it (``MassMessage::logToWiki`` in
includes/MassMessage.php, log type ``massmessage`` from extension.json): one
entry per send, action ``send``, performer the sender, target the delivery
list, comment the subject, parameters the list's revision and the page
message. ``list=logevents&letype=massmessage&leuser=<bot>&letitle=<list>``
reads them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import i18n
from ..errors import WikiError
from ..runtime.store import get_meta, set_meta, transaction
from ..updates.words import message_params  # its words, in the wiki's language
from .source import UpdateSource
from .translate_admin import api_modules

NOT_AVAILABLE = "MassMessage not available; announcement not sent"


def announced_key(site: str, spamlist: str, update: UpdateSource) -> str:
    return f"publish-update:announced:{site}:{spamlist}:{update.month.slug}"


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def in_massmessage_log(wiki, spamlist: str, subject: str, since: str) -> dict | None:
    """The log entry of this announcement made by the bot's own account since ``since`` (a
    day's margin: the bot's clock is not the wiki's), or None."""
    params = {
        "action": "query",
        "list": "logevents",
        "letype": "massmessage",
        "leuser": wiki.username,
        "letitle": spamlist,
        "ledir": "newer",
        "lelimit": 50,
        "leprop": "ids|title|type|user|timestamp|comment|details",
    }
    if since:
        start = datetime.strptime(since, "%Y-%m-%dT%H:%M:%SZ") - timedelta(days=1)
        params["lestart"] = start.strftime("%Y-%m-%dT%H:%M:%SZ")
    data = wiki.request(**params)
    for entry in data.get("query", {}).get("logevents", []):
        if (
            entry.get("action") == "send"
            and entry.get("comment") == subject
            and entry.get("user") == wiki.username
        ):
            return entry
    return None


def _forget(store, key: str) -> None:
    with transaction(store):
        store.execute("DELETE FROM meta WHERE key = ?", (key,))


@dataclass
class AnnounceResult:
    sent: bool
    message: str
    warning: bool = False


def announce(
    wiki,
    store,
    update: UpdateSource,
    spamlist: str,
    target: str,
    now: datetime,
    site_key: str,
    available: bool | None = None,
    lang: str = i18n.SOURCE,
) -> AnnounceResult:
    """Send the announcement unless it was sent before; record it when sent.

    ``available``: whether the wiki has ``action=massmessage`` (None: ask it
    with siteinfo's extensions, then ``action=paraminfo``); ``lang``: the language of the
    link line (:func:`message_params`).
    """
    if not spamlist:
        return AnnounceResult(
            False,
            f"{update.path}: announce is true but the config has no "
            "updates.announce_list; announcement not sent",
            warning=True,
        )
    key = announced_key(site_key, spamlist, update)
    before = json.loads(get_meta(store, key) or "null")
    if before and before.get("state") != "pending":
        return AnnounceResult(
            False,
            f"{update.month.name}: already announced to {spamlist} "
            f"({before.get('sent_at', '?')}); not sent again",
        )
    if available is None:
        available = wiki.has_extension("MassMessage") and "massmessage" in api_modules(wiki, ["massmessage"])
    if not available:
        return AnnounceResult(False, NOT_AVAILABLE)
    if not wiki.simulate:
        wiki.login()
        if not wiki.has_right("massmessage"):
            return AnnounceResult(
                False,
                f"the bot account lacks the 'massmessage' right; "
                f"announcement of {update.month.name} not sent",
                warning=True,
            )
    if before:  # the last run stopped after its intent: did the message go out?
        entry = in_massmessage_log(wiki, spamlist, update.title, before.get("at", ""))
        if entry is not None:
            set_meta(
                store,
                key,
                json.dumps(
                    {
                        "sent_at": entry.get("timestamp", before.get("at")),
                        "title": update.title,
                        "logid": entry.get("logid"),
                    }
                ),
            )
            return AnnounceResult(
                False,
                f"{update.month.name}: already announced to {spamlist} "
                f"(MassMessage's log, {entry.get('timestamp')}); not sent again",
            )
    params = message_params(update, spamlist, target, lang)
    if not wiki.simulate:
        set_meta(store, key, json.dumps({"state": "pending", "at": _iso(now), "title": update.title}))
    try:
        answer = wiki.post_write("massmessage", **params)
    except WikiError as exc:
        _forget(store, key)  # the wiki answered no: nothing went out
        return AnnounceResult(False, f"announcement of {update.month.name} not sent: {exc}", warning=True)
    if answer is None:  # -simulate
        return AnnounceResult(False, f"would announce {update.month.name} to {spamlist}")
    result = answer.get("massmessage", {}) if isinstance(answer, dict) else {}
    # MassMessage answers {"massmessage": {"result": "success", "count": N}} (lower case)
    if str(result.get("result", "")).lower() != "success":
        return AnnounceResult(
            False,
            f"announcement of {update.month.name} not confirmed: "
            f"{answer!r}; the next run looks in MassMessage's log "
            "before sending again",
            warning=True,
        )
    set_meta(
        store, key, json.dumps({"sent_at": _iso(now), "title": update.title, "count": result.get("count")})
    )
    return AnnounceResult(
        True,
        f"announced {update.month.name} to {spamlist}"
        + (f" ({result['count']} pages)" if "count" in result else ""),
    )


__all__ = [
    "AnnounceResult",
    "NOT_AVAILABLE",
    "announce",
    "announced_key",
    "in_massmessage_log",
    "message_params",
]
