"""Marking published pages for translation, or telling a translation admin to.

What Translate answers (recorded in ``../shared/fixtures/translate``; upstream
mediawiki/extensions/Translate, ``src/PageTranslation/MarkForTranslationActionApi.php``
on branch REL1_43, and REL1_39 for its absence), in our words:

* ``action=markfortranslation`` exists from REL1_43: POST ``title``, ``revid``
  (must be the latest revision), optional ``prioritylanguages``, csrf token;
  needs the ``pagetranslation`` right. Success is
  ``{"markfortranslation": {"result": "Success", "firstmark": bool, "unitcount": n}}``,
  also when nothing changed since the last mark.
* Its errors: ``permissiondenied`` (MediaWiki's own check, with the
  ``MediaWiki-API-Error`` header), and Translate's ``tpt-oldrevision``,
  ``tpt-notsuitable`` and ``markfortranslation-invalid-prioritylangs``, which
  come *without* that header -- only the JSON body says it failed. With
  ``errorformat=plaintext`` they come as an ``errors`` list instead.
* A title that does not exist makes Translate throw an internal error, so
  the page's existence is checked before posting.
* ``transclusion`` (yes|no, REL1_43 on; absent from REL1_39's form-only
  marking) turns Translate's language-aware transclusion on or off; left out,
  Translate keeps the stored setting, and on a first mark turns it on. The
  bot sends ``transclusion=yes`` for the latest-update box (the rule is in
  :mod:`.latest_box`), and only where ``action=paraminfo`` lists the parameter.
* REL1_39 (older Meta-Wiki, the devwiki) has no such module: the answer is
  ``badvalue`` for the parameter ``action``. The job then puts the
  ``Special:PageTranslation?target=...&do=mark`` link in the report for a
  translation admin and carries on, as it does for every refusal.

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
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlencode

from ..errors import WikiError
from .latest_box import write_source_copy
from .plain import use_translate
from .translate_log import last_marked_revision, revisions_since

log = logging.getLogger("ldwg_bot")


def api_modules(wiki, names: Iterable[str]) -> set[str]:
    """Which of the API ``names`` (``massmessage``, ``query+messagecollection``) the wiki has.

    One ``action=paraminfo`` request; unknown modules come back as a
    warning, not an error, so the answer is the ``modules`` list.
    """
    names = list(dict.fromkeys(names))
    if not names:
        return set()
    return present_modules(paraminfo(wiki, names))


def paraminfo(wiki, names: list[str]) -> dict:
    """``action=paraminfo`` for ``names``; a module the wiki lacks is the answer, not a problem."""
    quiet = _NoSubmoduleWarning()
    pywiki = logging.getLogger("pywiki")
    pywiki.addFilter(quiet)
    try:
        return wiki.request(action="paraminfo", modules="|".join(names))
    finally:
        pywiki.removeFilter(quiet)


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
    warning: bool = False


def answer_error(answer: object) -> tuple[str, str] | None:
    """``(code, text)`` of an error answer in either shape (``error`` or ``errors`` of errorformat)."""
    if not isinstance(answer, dict):
        return None
    if isinstance(answer.get("error"), dict):
        return answer["error"].get("code", ""), answer["error"].get("info", "")
    errors = answer.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        return first.get("code", ""), first.get("text") or first.get("*") or first.get("html", "")
    return None


class Marker:
    """Marks pages with ``action=markfortranslation`` where it can, else returns the link for a human.

    What the wiki offers is found out once a run: Translate from siteinfo, the
    right from the bot's rights, the API module from the first answer (an
    older Translate answers ``badvalue`` for the unknown action; no page is
    posted again in that run).
    """

    def __init__(self, wiki):
        self.wiki = wiki
        self._checked = False
        self.translate = False
        self.api = True
        self.right = False
        self._params: set[str] | None = None

    def takes(self, param: str) -> bool:
        """Does this wiki's ``action=markfortranslation`` take ``param``? (paraminfo, once a run)"""
        if self._params is None:
            self._params = set()
            try:
                data = paraminfo(self.wiki, ["markfortranslation"])
            except WikiError as exc:
                log.debug("paraminfo for markfortranslation failed: %s", exc)
                return False
            for module in data.get("paraminfo", {}).get("modules", []) or []:
                self._params |= {p.get("name", "") for p in module.get("parameters", []) or []}
        return param in self._params

    def _check(self) -> None:
        if self._checked:
            return
        self._checked = True
        self.translate = self.wiki.has_extension("Translate")
        if self.translate and not self.wiki.simulate:
            self.wiki.login()
            self.right = self.wiki.has_right("pagetranslation")
        elif self.translate:
            self.right = True  # -simulate: post_write only shows what it would send

    def unreviewed(self, title: str) -> str:
        """Why marking would pass on text the bot did not write ('' when it would not)."""
        bot = self.wiki.username
        try:
            marked = last_marked_revision(self.wiki, title)
            revisions, more = revisions_since(self.wiki, title, marked)
        except WikiError as exc:
            return f"the edits since the last marked revision could not be checked ({exc})"
        since = (
            f"since the last marked revision {marked}"
            if marked
            else "since the page was created (it has no last marked revision)"
        )
        if more:
            return f"more than {len(revisions)} revisions {since}, too many to check"
        others = list(dict.fromkeys(user or "(hidden)" for _, user in revisions if not same_user(user, bot)))
        if others:
            return f"edits by others {since}: {', '.join(others)}"
        return ""

    def mark(
        self,
        title: str,
        revid: int | None,
        priority_languages: Iterable[str] = (),
        transclusion: bool | None = None,
    ) -> MarkResult:
        """Mark ``title`` (or say who should); ``transclusion``: Translate's language-aware
        transclusion on/off where the API takes it, None to leave Translate's choice."""
        self._check()
        link = mark_link(self.wiki, title)
        if not self.translate:
            return MarkResult(
                title,
                False,
                f"{title}: the Translate extension is not installed on this wiki; not marked for translation",
            )
        if not self.api:
            return self._no_api(title, link)
        if not self.right:
            return MarkResult(
                title,
                False,
                f"{title}: the bot lacks the 'pagetranslation' right; "
                f"a translation admin should mark it: {link}",
                link,
            )
        if not revid:
            # Translate throws an internal error for a missing title: ask the wiki first.
            state = self.wiki.read_page(title)
            if not state.exists:
                return MarkResult(
                    title,
                    False,
                    f"{title}: the page does not exist (yet); not marked "
                    "for translation" + (" (it would be created)" if self.wiki.simulate else ""),
                )
            revid = state.revid
        why = self.unreviewed(title)
        if why:
            return MarkResult(
                title,
                False,
                f"{title}: {why}; a translation admin should review them and mark it: {link}",
                link,
            )
        return self._post(title, revid, list(priority_languages), link, transclusion)

    def _post(
        self, title: str, revid: int | None, langs: list[str], link: str, transclusion: bool | None = None
    ) -> MarkResult:
        params: dict = {"title": title}
        if transclusion is not None and self.takes("transclusion"):
            params["transclusion"] = "yes" if transclusion else "no"
        if revid:
            params["revid"] = revid
        if langs:
            params["prioritylanguages"] = "|".join(langs)
        try:
            answer = self.wiki.post_write("markfortranslation", **params)
        except WikiError as exc:
            error: tuple[str, str] | None = (exc.code, exc.info or str(exc))
        else:
            if answer is None:  # -simulate
                return MarkResult(title, False, f"{title}: would be marked for translation")
            error = answer_error(answer)
        if error is None:
            return self._success(title, answer, link)
        code, info = error
        if code == "badvalue" and "action" in info:
            self.api = False
            return self._no_api(title, link)
        if code == "markfortranslation-invalid-prioritylangs" and langs:
            result = self._post(title, revid, [], link, transclusion)
            result.message += f" (without priority languages: Translate refused {'|'.join(langs)}: {info})"
            result.warning = True
            return result
        if code == "permissiondenied":
            self.right = False
            why = "the bot lacks the 'pagetranslation' right"
        elif code == "tpt-oldrevision":
            why = (
                f"Translate says revision {revid} is not the latest (the page changed after the "
                "bot's edit); check the newer edit"
            )
        elif code == "tpt-notsuitable":
            why = "Translate finds no valid <translate> markup on it"
        else:
            why = f"markfortranslation failed: {code}: {info}"
        return MarkResult(
            title, False, f"{title}: {why}; a translation admin should mark it: {link}", link, warning=True
        )

    @staticmethod
    def _success(title: str, answer: object, link: str) -> MarkResult:
        result = answer.get("markfortranslation", {}) if isinstance(answer, dict) else {}
        if not isinstance(result, dict) or result.get("result") != "Success":
            return MarkResult(
                title,
                False,
                f"{title}: markfortranslation answered {answer!r}; "
                f"a translation admin should mark it: {link}",
                link,
                warning=True,
            )
        units = result.get("unitcount")
        first = " (first time)" if result.get("firstmark") else ""
        return MarkResult(title, True, f"{title}: marked for translation{first}, {units} units")

    @staticmethod
    def _no_api(title: str, link: str) -> MarkResult:
        return MarkResult(
            title,
            False,
            f"{title}: mark it for translation (this wiki's Translate has "
            f"no markfortranslation API, REL1_43 has): {link}",
            link,
        )


def same_user(a: str, b: str) -> bool:
    """User names as MediaWiki compares them: underscores are spaces, first letter upper case."""

    def norm(name: str) -> str:
        name = " ".join(name.replace("_", " ").split())
        return name[:1].upper() + name[1:]

    return bool(a) and norm(a) == norm(b)


def translate_mode(ctx, group) -> bool:
    """Write with Translate markup? ``updates.translatable``; "auto" asks the wiki (siteinfo, once a run)."""
    setting = group.updates.translatable
    installed = ctx.wiki.has_extension("Translate")
    translatable = use_translate(setting, installed)
    if setting == "auto" and not installed:
        _once(
            ctx.report.notes,
            "this wiki has no Translate extension: pages are written as plain "
            "wikitext; the first run after Translate is installed adds its markup",
        )
    elif translatable and not installed:
        _once(
            ctx.report.warnings,
            f'group {group.name}: updates.translatable = "yes" but this wiki '
            "has no Translate extension: readers see its markup until it is installed",
        )
    return translatable


def _once(where: list, note: str) -> None:
    if note not in where:
        where.append(note)


def mark_pages(ctx, targets) -> None:
    """Mark every page the run changed (saved, or would save) and wrote with Translate markup."""
    marker = Marker(ctx.wiki)
    for t in targets:
        r = t.result
        if r is None or not r.changed or not t.translatable:
            continue
        box = t.kind == "box"
        if box and ctx.wiki.has_extension("Translate"):
            note, warning = write_source_copy(ctx.wiki, t.title)
            if note:
                (ctx.report.warnings if warning else ctx.report.notes).append(note)
        res = marker.mark(
            t.title, r.revid if r.saved else None, t.priority_languages, transclusion=True if box else None
        )
        if not marker.translate:  # one note for the wiki, not one per page
            _once(
                ctx.report.notes,
                "the Translate extension is not installed on this wiki; pages not marked for translation",
            )
            break
        (ctx.report.warnings if res.warning else ctx.report.notes).append(res.message)
        if res.marked:
            ctx.report.count("pages marked for translation")
        elif res.link:
            ctx.report.count("pages waiting to be marked")


__all__ = [
    "Marker",
    "MarkResult",
    "answer_error",
    "api_modules",
    "mark_link",
    "mark_pages",
    "present_modules",
    "translate_mode",
]
