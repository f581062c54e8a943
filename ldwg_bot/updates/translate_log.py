"""What Translate's logs and the page history say about marking (two reads, no writes).

Kept apart from :mod:`.translate_admin` (which marks) so that :mod:`.latest_box`, which
translate_admin uses, can ask whether the box was ever marked without an import circle.
"""

from __future__ import annotations

from typing import Any


def last_marked_revision(wiki, title: str) -> int | None:
    """The revision of ``title`` Translate last marked for translation, or None.

    Read from Translate's ``pagetranslation`` log: a ``mark`` entry keeps
    the revision in its ``revision`` parameter (Translate's
    PageTranslationLogFormatter reads it there; core's LogFormatter gives
    such unprefixed parameters to the API as they are). An ``unmark``
    after it, or no entry, means the page was never marked as it is.
    """
    data = wiki.request(
        action="query",
        list="logevents",
        letype="pagetranslation",
        letitle=title,
        leprop="ids|type|details|timestamp",
        lelimit=20,
    )
    for entry in data.get("query", {}).get("logevents", []):
        if entry.get("action") == "unmark":
            return None
        if entry.get("action") == "mark":
            try:
                revision: Any = (entry.get("params") or {}).get("revision")
                return int(revision)
            except (TypeError, ValueError):
                return None
    return None


def revisions_since(
    wiki, title: str, revid: int | None, limit: int = 50
) -> tuple[list[tuple[int, str]], bool]:
    """``(revid, user)`` of the revisions of ``title`` after ``revid`` (every one when
    None), newest first, and whether there are more than ``limit``. A hidden user is ''."""
    params: dict[str, Any] = {
        "action": "query",
        "prop": "revisions",
        "titles": title,
        "rvprop": "ids|user",
        "rvlimit": limit,
    }
    if revid:
        params["rvendid"] = revid
    data = wiki.request(**params)
    pages = data.get("query", {}).get("pages", [])
    revisions = [
        (int(r["revid"]), r.get("user", "")) for r in (pages[0].get("revisions", []) if pages else [])
    ]
    return [r for r in revisions if r[0] != revid], "continue" in data


__all__ = ["last_marked_revision", "revisions_since"]
