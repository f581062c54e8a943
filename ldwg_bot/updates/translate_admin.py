"""Marking published pages for translation, or telling a translation admin to.

Translate's ``action=markfortranslation`` exists from REL1_43 (POST
``title``, ``revid``, csrf token; needs the ``pagetranslation`` right;
answers ``{"markfortranslation": {"result": "Success", "firstmark": ...,
"unitcount": ...}}``). Older Translate (Meta-Wiki's REL1_39 branch, the
devwiki) has no such module: ``action=paraminfo`` then warns that "main"
has no submodule "markfortranslation" (see the recorded ``paraminfo_*``
fixtures). Where the module is missing or the bot lacks the right, the job
puts the ``Special:PageTranslation?target=...&do=mark`` link in the report
for a translation admin and carries on.

Marking passes the page's text on to translators, so the bot marks only
when every revision since the last marked one is its own
(:meth:`Marker.unreviewed`): the revision Translate last marked comes from
its ``pagetranslation/mark`` log entry, the authors from the page history
(at most 50 revisions; more, or a history that cannot be read, count as
unreviewed). Otherwise a translation admin gets the link, as without the
right, and reviews the other people's edits before marking.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Iterable
from urllib.parse import urlencode

from ..errors import WikiError

log = logging.getLogger("ldwg_bot")


def api_modules(wiki, names: Iterable[str]) -> set[str]:
    """Which of the API ``names`` (``massmessage``, ``query+messagecollection``) the wiki has.

    One ``action=paraminfo`` request; unknown modules come back as a
    warning, not an error, so the answer is the ``modules`` list.
    """
    names = list(dict.fromkeys(names))
    if not names:
        return set()
    quiet = _NoSubmoduleWarning()
    pywiki = logging.getLogger("pywiki")
    pywiki.addFilter(quiet)               # the missing module is the answer, not a problem
    try:
        data = wiki.request(action="paraminfo", modules="|".join(names))
    finally:
        pywiki.removeFilter(quiet)
    return present_modules(data)


class _NoSubmoduleWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "does not have a submodule" not in record.getMessage()


def present_modules(paraminfo: dict) -> set[str]:
    """Module paths (``markfortranslation``, ``query+messagegroupstats``) in a paraminfo answer."""
    found = set()
    for module in paraminfo.get("paraminfo", {}).get("modules", []) or []:
        path = module.get("path") or module.get("name")
        if path:
            found.add(path)
    return found


def mark_link(wiki, title: str) -> str:
    """Full URL of the form a translation admin uses to mark ``title``."""
    return wiki.url("Special:PageTranslation") + "?" + urlencode({"target": title, "do": "mark"})


@dataclass
class MarkResult:
    title: str
    marked: bool
    message: str
    link: str = ""


class Marker:
    """Marks pages with the API where it can, else returns the link for a human.

    What the wiki offers is found out once, on the first page to mark.
    """

    def __init__(self, wiki):
        self.wiki = wiki
        self._checked = False
        self.translate = False
        self.api = False
        self.right = False

    def _check(self) -> None:
        if self._checked:
            return
        self._checked = True
        self.translate = self.wiki.has_extension("Translate")
        if not self.translate:
            return
        self.api = "markfortranslation" in api_modules(self.wiki, ["markfortranslation"])
        if self.api and not self.wiki.simulate:
            self.wiki.login()
            self.right = self.wiki.has_right("pagetranslation")
        elif self.api:
            self.right = True          # -simulate: post_write only shows what it would send

    def unreviewed(self, title: str) -> str:
        """Why marking would pass on text the bot did not write ('' when it would not)."""
        bot = self.wiki.username
        try:
            marked = self.wiki.last_marked_revision(title)
            revisions, more = self.wiki.revisions_since(title, marked)
        except WikiError as exc:
            return f"the edits since the last marked revision could not be checked ({exc})"
        since = (f"since the last marked revision {marked}" if marked
                 else "since the page was created (it has no last marked revision)")
        if more:
            return f"more than {len(revisions)} revisions {since}, too many to check"
        others = list(dict.fromkeys(user or "(hidden)" for _, user in revisions
                                    if not same_user(user, bot)))
        if others:
            return f"edits by others {since}: {', '.join(others)}"
        return ""

    def mark(self, title: str, revid: int | None,
             priority_languages: Iterable[str] = ()) -> MarkResult:
        self._check()
        link = mark_link(self.wiki, title)
        if not self.translate:
            return MarkResult(title, False, f"{title}: the Translate extension is not installed "
                                            "on this wiki; not marked for translation")
        if not self.api:
            return MarkResult(title, False, f"{title}: mark it for translation (this wiki's "
                                            f"Translate has no markfortranslation API): {link}", link)
        if not self.right:
            return MarkResult(title, False, f"{title}: the bot lacks the 'pagetranslation' right; "
                                            f"a translation admin should mark it: {link}", link)
        why = self.unreviewed(title)
        if why:
            return MarkResult(title, False, f"{title}: {why}; a translation admin should review "
                                            f"them and mark it: {link}", link)
        params = {"title": title}
        if revid:
            params["revid"] = revid
        langs = list(priority_languages)
        if langs:
            params["prioritylanguages"] = "|".join(langs)
        try:
            answer = self.wiki.post_write("markfortranslation", **params)
        except WikiError as exc:
            return MarkResult(title, False, f"{exc}; a translation admin should mark it: {link}", link)
        if answer is None:                              # -simulate
            return MarkResult(title, False, f"{title}: would be marked for translation")
        result = answer.get("markfortranslation", {}) if isinstance(answer, dict) else {}
        if result.get("result") != "Success":
            return MarkResult(title, False, f"{title}: markfortranslation answered {answer!r}; "
                                            f"a translation admin should mark it: {link}", link)
        units = result.get("unitcount")
        first = " (first time)" if result.get("firstmark") else ""
        return MarkResult(title, True, f"{title}: marked for translation{first}, {units} units")


def same_user(a: str, b: str) -> bool:
    """User names as MediaWiki compares them: underscores are spaces, first letter upper case."""
    def norm(name: str) -> str:
        name = " ".join(name.replace("_", " ").split())
        return name[:1].upper() + name[1:]
    return bool(a) and norm(a) == norm(b)


__all__ = ["Marker", "MarkResult", "api_modules", "mark_link", "present_modules"]
