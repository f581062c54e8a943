"""Announcing an update with MassMessage, once.

``action=massmessage`` (POST ``spamlist``, ``subject``, ``message``, csrf
token; needs the ``massmessage`` right) delivers to every page on the
delivery list. An update is announced at most once per delivery list: the
store remembers it (``meta`` key :func:`announced_key`) as soon as the wiki
accepted it, so a re-run never sends twice. When MassMessage is not
installed, the right is missing or the run is simulated nothing is
recorded, so a later run can still send it.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from ..errors import WikiError
from ..store import get_meta, set_meta
from .source import UpdateSource
from .translate_admin import api_modules

NOT_AVAILABLE = "MassMessage not available; announcement not sent"


def announced_key(site: str, spamlist: str, update: UpdateSource) -> str:
    return f"publish-update:announced:{site}:{spamlist}:{update.month.slug}"


def message_params(update: UpdateSource, spamlist: str, target: str) -> dict[str, str]:
    """The exact ``action=massmessage`` parameters (without the token)."""
    message = (f"{update.summary}\n\n"
               f"[[Special:MyLanguage/{target}|Read the {update.month.name} update]] "
               "(translations are linked at the top of the page).")
    return {"spamlist": spamlist, "subject": update.title, "message": message}


@dataclass
class AnnounceResult:
    sent: bool
    message: str
    warning: bool = False


def announce(wiki, store, update: UpdateSource, spamlist: str, target: str,
             now: datetime, site_key: str, available: bool | None = None) -> AnnounceResult:
    """Send the announcement unless it was sent before; record it when sent.

    ``available``: whether the wiki has ``action=massmessage`` (None: ask it
    with siteinfo's extensions, then ``action=paraminfo``).
    """
    if not spamlist:
        return AnnounceResult(False, f"{update.path}: announce is true but the config has no "
                                     "updates.announce_list; announcement not sent", warning=True)
    key = announced_key(site_key, spamlist, update)
    before = get_meta(store, key)
    if before:
        sent_at = json.loads(before).get("sent_at", "?")
        return AnnounceResult(False, f"{update.month.name}: already announced to {spamlist} "
                                     f"({sent_at}); not sent again")
    if available is None:
        available = wiki.has_extension("MassMessage") and \
            "massmessage" in api_modules(wiki, ["massmessage"])
    if not available:
        return AnnounceResult(False, NOT_AVAILABLE)
    if not wiki.simulate:
        wiki.login()
        if not wiki.has_right("massmessage"):
            return AnnounceResult(False, f"the bot account lacks the 'massmessage' right; "
                                         f"announcement of {update.month.name} not sent", warning=True)
    params = message_params(update, spamlist, target)
    try:
        answer = wiki.post_write("massmessage", **params)
    except WikiError as exc:
        return AnnounceResult(False, f"announcement of {update.month.name} not sent: {exc}",
                              warning=True)
    if answer is None:                               # -simulate
        return AnnounceResult(False, f"would announce {update.month.name} to {spamlist}")
    result = answer.get("massmessage", {}) if isinstance(answer, dict) else {}
    # MassMessage answers {"massmessage": {"result": "success", "count": N}} (lower case)
    if str(result.get("result", "")).lower() != "success":
        return AnnounceResult(False, f"announcement of {update.month.name} not confirmed: "
                                     f"{answer!r}", warning=True)
    set_meta(store, key, json.dumps({"sent_at": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                     "title": update.title, "count": result.get("count")}))
    return AnnounceResult(True, f"announced {update.month.name} to {spamlist}"
                                + (f" ({result['count']} pages)" if "count" in result else ""))


__all__ = ["AnnounceResult", "NOT_AVAILABLE", "announce", "announced_key", "message_params"]
