"""The one place that talks to a wiki: batched reads and safe writes over pywikibot.

Jobs never build requests themselves. They read with :meth:`Wiki.read_pages`
/ :meth:`Wiki.page_info` (50 titles a request, continuation handled) and
write with :meth:`Wiki.edit` / :meth:`Wiki.save_section`, which:

* read the page and its base revision, let a pure ``transform`` compute the
  new text, and skip the edit when nothing changed;
* refuse to drop human text: outside the bot's markers a write may add lines,
  never remove or change one, and never blank a page;
* honour ``{{bots}}``/``{{nobots}}``; mark edits as bot edits with a summary;
* save against the base revision; on an edit conflict re-read and re-apply
  only the bot's change (bounded retries), so a human's edit is never lost;
* under pywikibot's ``-simulate`` print a unified diff and write nothing;
* otherwise hand the save to pywikibot's own ``userPut``/``Page.save``: the
  diff and the yes / no / all / quit question on a hand run without
  ``-always``, the write throttle, retries and token refresh.

This module is the project's one boundary with pywikibot (no other module of
the package may import it), which is why it runs past the ~400-line guide.
"""
from __future__ import annotations

import difflib
import logging
import shutil
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pywikibot
from pywikibot import config as pwb_config
from pywikibot.bot import BaseBot, QuitKeyboardInterrupt
from pywikibot.data import api
from pywikibot.exceptions import APIError, EditConflictError as PwbEditConflict, \
    Error as PywikibotError, LockedPageError, NoCreateError, PageDeletedConflictError

from . import markers
from .batch import BATCH, chunks, follow
from .botpolicy import bots_allow
from .probe import USER_AGENT
from .stop import finish_first
from .terminal import say, shown_handlers
from .errors import BotsDeniedError, EditConflictError, LdwgError, MarkerError, WikiError

log = logging.getLogger("ldwg_bot")

USER_AGENT_SUFFIX = USER_AGENT


def simulating() -> bool:
    """pywikibot's ``-simulate``: show what would be written, write nothing."""
    return bool(pwb_config.simulate)


@dataclass(frozen=True)
class PageState:
    """A page as read: latest text and the revision it belongs to."""

    title: str
    exists: bool
    text: str | None = None
    revid: int | None = None
    timestamp: str | None = None      # of the latest revision, ISO 8601 UTC
    user: str | None = None
    ns: int = 0
    raw: dict | None = field(default=None, repr=False, compare=False)   # the API's page object


@dataclass(frozen=True)
class EditResult:
    title: str
    changed: bool                     # the text differs from what was on the wiki
    saved: bool                       # an edit was made (False when unchanged or simulated)
    revid: int | None = None
    declined: bool = False            # the person at the terminal answered no


def unified_diff(title: str, old: str | None, new: str) -> str:
    return "".join(difflib.unified_diff(
        (old or "").splitlines(keepends=True), new.splitlines(keepends=True),
        fromfile=f"{title} (on the wiki)", tofile=f"{title} (ldwg-bot)", n=2))


def human_text_kept(old: str | None, new: str) -> bool:
    """True when every line a human wrote (outside bot sections) is still there, in order.

    Lines may be added outside the markers (a new month block, ``<languages/>``),
    never removed or changed. Blank lines are ignored.
    """
    if not old:
        return True
    def human_lines(text: str) -> list[str]:
        spans = sorted(markers.find_sections(text).values(), key=lambda s: s.start)
        parts, last = [], 0
        for s in spans:
            parts.append(text[last:s.start])
            last = s.end
        parts.append(text[last:])
        return [ln.rstrip() for ln in "\n".join(parts).splitlines() if ln.strip()]
    before, after = human_lines(old), human_lines(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return all(op in ("equal", "insert") for op, *_ in matcher.get_opcodes())


class Wiki:
    """Access to one wiki through a pywikibot ``APISite``."""

    def __init__(self, site: "pywikibot.site.APISite", *, summary_suffix: str = "",
                 conflict_retries: int = 3, out: Callable[[str], None] = say, ask: bool = False):
        self.site = site
        self.summary_suffix = summary_suffix
        self.conflict_retries = conflict_retries
        self.out = out
        self.edits: list[EditResult] = []
        self.ask = ask
        self._bot_password: tuple[str, str, str] | None = None
        # pywikibot's own confirmation (diff, then yes / no / all / quit); 'all' sets always
        self.confirm = BaseBot(always=not ask)
        self._extensions: dict[str, bool] = {}

    # ---------------------------------------------------------- connecting
    @classmethod
    def connect(cls, family: str, code: str, *, api_url: str = "", user: str = "",
                summary_suffix: str = "", maxlag: int | None = None,
                put_throttle: float | None = None, ask: bool = False,
                bot_password: tuple[str, str, str] | None = None) -> "Wiki":
        """Build the pywikibot site; ``api_url`` registers a family for any wiki.

        ``ask``: confirm each edit at the terminal (a hand run without -always).
        ``bot_password``: ``(user, app, password)`` held in memory (never in a file).
        """
        if api_url:
            pwb_config.family_files.setdefault(family, api_url)
        if user and not pwb_config.usernames.get(family, {}).get(code):
            pwb_config.usernames.setdefault(family, {})[code] = user
        if maxlag is not None:
            pwb_config.write_maxlag = maxlag
        if put_throttle is not None:
            pwb_config.put_throttle = put_throttle
        if USER_AGENT_SUFFIX not in pwb_config.user_agent_format:
            pwb_config.user_agent_format += " " + USER_AGENT_SUFFIX
        try:
            site = pywikibot.Site(code, family)
        except PywikibotError as exc:
            raise WikiError(f"cannot use wiki {family}:{code}: {exc}") from None
        if put_throttle is not None:
            # the site (and its throttle) may exist already: handle_args() builds it
            site.throttle.writedelay = put_throttle
        wiki = cls(site, summary_suffix=summary_suffix, ask=ask)
        if bot_password:
            wiki._bot_password = bot_password
            pwb_config.password_file = None     # pywikibot must not look for a file
        return wiki

    @property
    def simulate(self) -> bool:
        return simulating()

    def login(self) -> None:
        """Log in before the first write (reads stay anonymous and cheap)."""
        if self.site.logged_in():
            return
        try:
            if self._bot_password:
                self._login_in_memory(*self._bot_password)
            self.site.login()
        except PywikibotError as exc:
            # A read-only wiki refuses the login too (pywikibot retries, then times out):
            # say so, rather than send the maintainer to check a password that is right.
            why = self._explain_failure(exc)
            if why.startswith("the wiki is read-only"):
                raise WikiError(f"{self.site}: cannot log in: {why}; nothing written, "
                                "run again later") from None
            raise WikiError(f"cannot log in to {self.site} as {self.site.username() or '(no user)'}: "
                            f"{type(exc).__name__}; check user-config.py / user-password.py") from None
        if not self.site.logged_in():
            raise WikiError(f"cannot log in to {self.site}: check the BotPassword in user-password.py")

    def _login_in_memory(self, user: str, app: str, password: str) -> None:
        """pywikibot's own login with a BotPassword from memory; ``site.login()`` then finds
        the session (no password file is ever written)."""
        from pywikibot.login import BotPassword, ClientLoginManager

        manager = ClientLoginManager(site=self.site, user=user)
        manager.password = password
        manager.login_name = BotPassword(app, password).login_name(user)
        if not manager.login(retry=False):
            raise WikiError(f"cannot log in to {self.site} as {user}: check LDWG_BOT_BOTPASSWORD")

    # ------------------------------------------------------------- reading
    def request(self, **params: Any) -> dict:
        """One read request (GET), formatversion 2; API errors become :class:`WikiError`."""
        params.setdefault("formatversion", 2)
        req = api.Request(site=self.site, parameters=params, use_get=True)
        try:
            return self._submit(req, "API error ")
        except (PywikibotError, OSError) as exc:
            raise WikiError(f"{self.site}: the wiki did not answer ({type(exc).__name__}: {exc}); "
                            "nothing written, run again later") from None

    def query(self, params: Mapping[str, Any]) -> Iterator[dict]:
        """One read and its continuation, answer by answer (see :func:`.batch.follow`)."""
        return follow(lambda p: self.request(**p), params)

    def has_extension(self, name: str) -> bool:
        """Whether the wiki runs extension ``name`` (siteinfo extensions, read once per run)."""
        if name not in self._extensions:
            try:
                self._extensions[name] = bool(self.site.has_extension(name))
            except (PywikibotError, OSError) as exc:
                raise WikiError(f"{self.site}: cannot read the wiki's extensions ({type(exc).__name__}); "
                                "nothing written, run again later") from None
        return self._extensions[name]

    def query_pages(self, titles: Iterable[str], **params: Any) -> dict[str, dict]:
        """``action=query`` over ``titles`` in batches of 50, continuation merged.

        Returns the API's page objects keyed by the *requested* title (after
        normalisation and redirects as given in ``params``).
        """
        wanted = list(dict.fromkeys(titles))
        found: dict[str, dict] = {}
        for batch in chunks(wanted):
            base = {"action": "query", "titles": "|".join(batch), **params}
            aliases: dict[str, str] = {}
            for data in self.query(base):
                query = data.get("query", {})
                for item in query.get("normalized", []) + query.get("redirects", []):
                    aliases[item["to"]] = aliases.get(item["from"], item["from"])
                for page in query.get("pages", []):
                    key = aliases.get(page["title"], page["title"])
                    merged = found.setdefault(key, {})
                    for k, v in page.items():
                        if isinstance(v, list) and isinstance(merged.get(k), list):
                            merged[k].extend(v)
                        else:
                            merged[k] = v
        return found

    def read_pages(self, titles: Iterable[str]) -> dict[str, PageState]:
        """Latest text and revision of each title; missing pages have ``exists=False``."""
        pages = self.query_pages(titles, prop="revisions", rvprop="ids|timestamp|user|content",
                                 rvslots="main")
        states = {}
        for title, page in pages.items():
            revs = page.get("revisions") or []
            if page.get("missing") or page.get("invalid") or not revs:
                states[title] = PageState(title=page.get("title", title), exists=False, ns=page.get("ns", 0))
                continue
            rev = revs[0]
            states[title] = PageState(
                title=page["title"], exists=True, text=rev["slots"]["main"].get("content", ""),
                revid=rev["revid"], timestamp=rev["timestamp"], user=rev.get("user"), ns=page["ns"])
        return states

    def history(self, title: str, *, oldest: int | None = None, limit: int = BATCH,
                newest: int | None = None) -> tuple[dict, list[dict], int]:
        """Revisions of one page with their content, newest first: back to revision
        ``oldest`` (included) or ``limit`` revisions, whichever comes first.

        50 revisions a request (the API's cap when content is asked for),
        continuation followed. Returns the page (``prop=info``), the revisions
        (``revid``, ``parentid``, ``user``, ``timestamp``, ``slots``) and the
        number of requests made.
        """
        params: dict[str, Any] = {
            "action": "query", "titles": title, "prop": "info|revisions", "rvslots": "main",
            "rvprop": "ids|timestamp|user|sha1|content", "rvdir": "older"}
        if oldest:
            params["rvendid"] = oldest
        if newest:
            params["rvstartid"] = newest
        page: dict = {}
        revisions: list[dict] = []
        requests = 0

        def ask(p: dict) -> dict:      # each request asks only for what is still wanted
            return self.request(**p, rvlimit=min(BATCH, limit - len(revisions)))
        for data in (follow(ask, params) if limit > 0 else ()):
            requests += 1
            for item in data.get("query", {}).get("pages", []):
                revisions += item.pop("revisions", None) or []
                page.update(item)
            if len(revisions) >= limit:
                break
        return page, revisions[:limit], requests

    def read_page(self, title: str) -> PageState:
        return next(iter(self.read_pages([title]).values()))

    def last_marked_revision(self, title: str) -> int | None:
        """The revision of ``title`` Translate last marked for translation, or None.

        Read from Translate's ``pagetranslation`` log: a ``mark`` entry keeps
        the revision in its ``revision`` parameter (Translate's
        PageTranslationLogFormatter reads it there; core's LogFormatter gives
        such unprefixed parameters to the API as they are). An ``unmark``
        after it, or no entry, means the page was never marked as it is.
        """
        data = self.request(action="query", list="logevents", letype="pagetranslation",
                            letitle=title, leprop="ids|type|details|timestamp", lelimit=20)
        for entry in data.get("query", {}).get("logevents", []):
            if entry.get("action") == "unmark":
                return None
            if entry.get("action") == "mark":
                try:
                    return int((entry.get("params") or {}).get("revision"))
                except (TypeError, ValueError):
                    return None
        return None

    def revisions_since(self, title: str, revid: int | None, limit: int = 50
                        ) -> tuple[list[tuple[int, str]], bool]:
        """``(revid, user)`` of the revisions of ``title`` after ``revid`` (every one when
        None), newest first, and whether there are more than ``limit``. A hidden user is ''."""
        params: dict[str, Any] = {"action": "query", "prop": "revisions", "titles": title,
                                  "rvprop": "ids|user", "rvlimit": limit}
        if revid:
            params["rvendid"] = revid
        data = self.request(**params)
        pages = data.get("query", {}).get("pages", [])
        revisions = [(int(r["revid"]), r.get("user", "")) for r in (pages[0].get("revisions", [])
                                                                    if pages else [])]
        return [r for r in revisions if r[0] != revid], "continue" in data

    def page_info(self, titles: Iterable[str]) -> dict[str, dict]:
        """``prop=info`` only (lastrevid, touched, length): the cheap "did it change?" check."""
        return self.query_pages(titles, prop="info")

    # ------------------------------------------------------------- writing
    def may_edit(self, title: str, text: str) -> bool:
        """{{bots}}/{{nobots}} for this bot, read from the text we hold (no request)."""
        if pwb_config.ignore_bot_templates:
            return True
        family, code = self.site.family, self.site.code
        restricted = [*family.get_edit_restricted_templates(code), *family.get_archived_page_templates(code)]
        return bots_allow(text, self.site.username() or "", restricted=restricted)

    def edit(self, title: str, transform: Callable[[str | None], str], summary: str, *,
             create: bool = True) -> EditResult:
        """Apply ``transform`` (old text or None -> new text) to ``title`` and save safely:
        text outside the bot's markers is kept."""
        last_error = ""
        for attempt in range(self.conflict_retries + 1):
            state, started = self._read_for_edit(title)
            old = state.text if state.exists else None
            if old is None and not create:
                raise WikiError(f"{title}: page does not exist; create it first or check the config")
            new = transform(old)
            if old is not None and new.rstrip() == old.rstrip():   # no edit, so none to forbid
                return self._record(EditResult(title, changed=False, saved=False, revid=state.revid))
            if old is not None and not self.may_edit(title, old):
                raise BotsDeniedError(f"{title}: {{{{bots}}}}/{{{{nobots}}}} on the page forbids "
                                      f"{self.site.username() or 'this bot'} to edit it; nothing written")
            if old is not None and old.strip() and not new.strip():
                raise WikiError(f"{title}: refusing to blank the page; nothing written")
            if not human_text_kept(old, new):
                raise MarkerError(f"{title}: the change would alter text outside the bot's markers; "
                                  "nothing written")
            if self.simulate:      # the diff only where it is shown: a whole page's is not cheap
                self.out(f"--- -simulate: would edit {title} ---\n{unified_diff(title, old, new)}")
                return self._record(EditResult(title, changed=True, saved=False))
            try:
                with finish_first():
                    revid = self._submit_edit(title, new, self._summary(summary), state, started)
            except _Conflict as conflict:
                last_error = conflict.args[0]
                log.warning("%s: %s; re-reading and retrying (%d/%d)", title, last_error,
                            attempt + 1, self.conflict_retries)
                continue
            if revid is None:
                log.info("%s: not saved (declined at the prompt)", title)
                return self._record(EditResult(title, changed=True, saved=False, declined=True))
            log.info("edited %s (revision %s)", title, revid)
            return self._record(EditResult(title, changed=True, saved=True, revid=revid))
        raise EditConflictError(f"{title}: still conflicting after {self.conflict_retries} retries "
                                f"({last_error}); nothing lost, run again later")

    def write_problems(self, planned: dict[str, tuple[str | None, str]]) -> list[str]:
        """Why the bot could not save each planned page, checked before the first write.

        ``planned`` maps a title to ``(text on the wiki or None, new text)``.
        One request (per 50 titles) asks, as the bot, whether it may edit or
        create each page (``intestactions``, reasons in full) and the wiki's
        ``maxarticlesize``; ``{{bots}}``/``{{nobots}}`` are read from the old
        text. A page whose text would not change needs no edit and is not checked. Under
        -simulate without a login the rights are not asked (an
        anonymous answer would say nothing about the bot). Returns one
        message per problem, empty when every page can be written.
        """
        planned = {title: (old, new) for title, (old, new) in planned.items()   # no edit: nothing
                   if old is None or new.rstrip() != old.rstrip()}              # to check or forbid
        if not planned:
            return []
        if not self.simulate:
            self.login()
        ask_rights = self.site.logged_in()
        problems, limit = [], 0
        for batch in chunks(list(planned)):
            params: dict[str, Any] = {"action": "query", "titles": "|".join(batch),
                                      "meta": "siteinfo", "siprop": "general"}
            if ask_rights:
                params.update(prop="info", intestactions="edit|create", intestactionsdetail="full")
            data = self.request(**params)
            query = data.get("query", {})
            limit = int(query.get("general", {}).get("maxarticlesize") or 0)
            names = {n["to"]: n["from"] for n in query.get("normalized", [])}
            problems += interwiki_titles(query)
            for page in query.get("pages", []) if ask_rights else []:
                action = "create" if page.get("missing") else "edit"
                reasons = page.get("actions", {}).get(action) or []
                if reasons:
                    why = "; ".join(f"{r.get('code')}" for r in reasons)
                    title = names.get(page["title"], page["title"])
                    problems.append(f"{title}: the bot may not {action} this page ({why})")
        for title, (old, new) in planned.items():
            if old is not None and not self.may_edit(title, old):
                problems.append(f"{title}: {{{{bots}}}}/{{{{nobots}}}} on the page forbids "
                                f"{self.site.username() or 'this bot'} to edit it")
            size = len(new.encode("utf-8"))
            if limit and size > limit:
                problems.append(f"{title}: the new text would be {size} bytes, over the wiki's "
                                f"maxarticlesize of {limit} bytes")
        return problems

    def save_section(self, title: str, name: str, content: str, summary: str, *,
                     where: str = "end", anchor: str | None = None, create: bool = True,
                     must_exist_section: bool = False) -> EditResult:
        """Write ``content`` between the ``name`` markers of ``title``.

        A new page gets just the section. On an existing page the section is
        replaced, or added at ``where`` unless ``must_exist_section`` (a page
        the bot does not own: missing markers are an error, no edit).
        """
        def transform(old: str | None) -> str:
            if old is None:
                return markers.wrap(name, content) + "\n"
            if must_exist_section:
                return markers.replace_section(old, name, content)
            return markers.upsert_section(old, name, content, where=where, anchor=anchor)
        return self.edit(title, transform, summary, create=create)

    def post_write(self, action: str, **params: Any) -> dict | None:
        """A write action other than edit (markfortranslation, massmessage).

        pywikibot's -simulate only knows its own list of write actions, so the
        guard is here: under -simulate nothing is sent and None is returned.
        """
        if self.simulate:
            self.out(f"--- -simulate: would POST action={action} "
                     f"{ {k: v for k, v in params.items() if 'token' not in k} } ---")
            return None
        self.login()
        req = api.Request(site=self.site, parameters={"action": action, "formatversion": 2,
                                                         "token": self.site.tokens["csrf"], **params},
                          use_get=False)
        return self._submit(req, f"{action} failed: ")

    def _submit(self, req: api.Request, what: str) -> dict:
        """Send ``req``; an API error becomes a :class:`WikiError` that keeps its code."""
        try:
            return req.submit()
        except APIError as exc:
            error = WikiError(f"{self.site}: {what}{exc.code}: {exc.info}")
            error.code, error.info = exc.code, exc.info   # for callers that branch on the code
            raise error from None

    # ------------------------------------------------------------- helpers
    def _summary(self, summary: str) -> str:
        return f"{summary} {self.summary_suffix}".strip()

    def _record(self, result: EditResult) -> EditResult:
        self.edits.append(result)
        return result

    def _read_for_edit(self, title: str) -> tuple[PageState, str]:
        """Fresh read of one page plus the server time (``starttimestamp``)."""
        data = self.request(action="query", titles=title, prop="revisions|info",
                            rvprop="ids|timestamp|content", rvslots="main", curtimestamp=1)
        for problem in interwiki_titles(data["query"]):
            raise WikiError(f"{problem}; nothing written")
        page = data["query"]["pages"][0]
        started = data.get("curtimestamp", "")
        if page.get("invalid"):
            raise WikiError(f"{title}: not a valid page title ({page.get('invalidreason', '')})")
        if page.get("missing"):
            return PageState(title=page["title"], exists=False, ns=page.get("ns", 0), raw=page), started
        rev = page["revisions"][0]
        return PageState(title=page["title"], exists=True, text=rev["slots"]["main"]["content"],
                         revid=rev["revid"], timestamp=rev["timestamp"], ns=page["ns"], raw=page), started

    def _submit_edit(self, title: str, text: str, summary: str, state: PageState, started: str) -> int | None:
        """Hand the checked text to pywikibot's own save path: ``userPut`` shows the diff and
        asks (yes / no / all / quit) unless ``-always``, then ``Page.save`` writes it with
        pywikibot's throttle and retries. Returns the new revision, or None when declined."""
        self.login()
        page = _CheckedPage(self.site, title)
        raw = dict(state.raw or {"title": title, "ns": state.ns, "missing": True})
        if raw.get("revisions"):
            # the revision read a moment ago, so pywikibot asks the wiki nothing more
            rev = dict(raw["revisions"][0])
            rev["slots"] = {"main": {"*": state.text}}
            raw["revisions"] = [rev]
        api.update_page(page, raw, ["info"])
        # baserevid alone: with basetimestamp too, MediaWiki 1.39 takes a human edit made
        # in the same second as the base for the bot's own and drops it silently
        # (EditPage's "conflict with self" check compares timestamps with '>').
        where = {"nocreate": True, "baserevid": state.revid} if state.exists else {"createonly": True}
        # userPut announces a new page ("Working on ...") on stdout, where an export may be
        # going (--export -): the bot's own report names the pages instead.
        self.confirm._current_page = page
        try:
            with _rate_limit_seen(self.site) as limited:
                saved = self.confirm.userPut(
                    page, state.text or "", text, summary=summary, show_diff=self.ask,
                    ignore_save_related_errors=False, ignore_server_errors=False,
                    asynchronous=False, quiet=True, force=True, apply_cosmetic_changes=False,
                    minor=False, bot=True, basetimestamp=None, starttimestamp=started or None,
                    **where, **{"assert": "user"})
        except QuitKeyboardInterrupt:
            raise QuitError(f"{title}: you answered 'quit'; this page and the rest were not written") from None
        except PageDeletedConflictError:
            raise WikiError(f"{title}: the page was deleted while the bot worked on it; "
                            "nothing written (re-run if it should be recreated)") from None
        except PwbEditConflict as exc:
            raise _Conflict(f"edit conflict ({type(exc).__name__})") from None
        except NoCreateError:
            raise WikiError(f"{title}: the page was deleted while the bot worked on it; "
                            "nothing written (re-run if it should be recreated)") from None
        except LockedPageError as exc:
            raise WikiError(f"{title}: the page is protected against the bot's edits "
                            f"({type(exc).__name__}); nothing written") from None
        except APIError as exc:
            if exc.code in ("permissiondenied",):
                raise WikiError(f"{title}: the page is protected against the bot's edits "
                                f"({exc.code}); nothing written") from None
            if exc.code == "readonly":
                raise WikiError(f"{self.site}: the wiki is read-only ({exc.info}); nothing written, "
                                "run again later") from None
            raise WikiError(f"{title}: edit refused: {exc.code}: {exc.info}") from None
        except (PywikibotError, OSError) as exc:
            if limited:
                raise WikiError(f"{title}: edit not saved: the wiki rate-limited the bot (ratelimited) "
                                "for longer than pywikibot's retries; nothing written, run again later") from None
            raise WikiError(f"{title}: edit not saved: {self._explain_failure(exc)}; "
                            "nothing written, run again later") from None
        if not saved:
            return None
        return int(page.latest_revision_id or state.revid or 0)

    def _explain_failure(self, exc: Exception) -> str:
        """pywikibot retried and gave up; ask the wiki once why (read-only shows in siteinfo)."""
        try:
            general = self.request(action="query", meta="siteinfo", siprop="general")["query"]["general"]
        except WikiError:
            return f"the wiki did not answer ({type(exc).__name__})"
        if general.get("readonly"):
            return f"the wiki is read-only ({general.get('readonlyreason', 'no reason given')})"
        return f"the wiki kept refusing or failing ({type(exc).__name__}: {' '.join(str(exc).split())})"

    # ----------------------------------------------------------- the site
    # What jobs need to know about the wiki, from the site information pywikibot has already
    # read (no request), so that no job reaches into pywikibot itself.
    @property
    def key(self) -> str:
        """``family:code``: the name of this wiki in the store."""
        return f"{self.site.family.name}:{self.site.code}"

    @property
    def content_language(self) -> str:
        """The wiki's content language (siteinfo ``lang``)."""
        return self.site.siteinfo["general"].get("lang", "en")

    @property
    def username(self) -> str:
        """The account pywikibot uses here ('' when none is configured)."""
        return self.site.username() or ""

    def has_right(self, right: str) -> bool:
        """Whether the logged-in account has ``right`` (log in first)."""
        return bool(self.site.has_right(right))

    def normalise_title(self, title: str) -> tuple[str, int, str]:
        """(full title, namespace id, title without namespace) as the wiki spells ``title``."""
        try:   # pywikibot parses the title lazily: the first title() may raise too
            page = pywikibot.Page(self.site, title)
            return page.title(), page.namespace().id, page.title(with_ns=False)
        except (PywikibotError, ValueError) as exc:
            raise WikiError(f"{title!r}: not a valid page title ({exc})") from None

    # -------------------------------------------------------------- links
    @property
    def article_url(self) -> str:
        """The wiki's article URL with ``$1`` for the title."""
        return self.site.base_url(self.site.articlepath.format("$1"))

    def url(self, title: str) -> str:
        return self.site.base_url(self.site.articlepath.format(quote(title.replace(" ", "_"), safe="/:")))

    def permalink(self, revid: int) -> str:
        return self.site.base_url(f"{self.site.scriptpath()}/index.php?oldid={revid}")

    def diff_link(self, revid: int) -> str:
        """The change made by revision ``revid`` (against the one before it)."""
        return self.site.base_url(f"{self.site.scriptpath()}/index.php?diff=prev&oldid={revid}")


@contextmanager
def _rate_limit_seen(site) -> Iterator[list]:
    """Notes whether pywikibot waited for a rate limit during a save (non-empty list), so the
    final error can say so; pywikibot asks ``site.ratelimit`` exactly then."""
    seen: list = []
    original = site.ratelimit

    def ratelimit(action: str):
        seen.append(action)
        return original(action)
    site.ratelimit = ratelimit
    try:
        yield seen
    finally:
        del site.ratelimit


def interwiki_titles(query: dict) -> list[str]:
    """One line per title the API read as another wiki's page (its own interwiki map decides),
    named as it was asked for."""
    asked = {n["to"]: n["from"] for n in query.get("normalized", [])}
    return [f"{asked.get(iw['title'], iw['title'])}: '{iw['iw']}:' is an interwiki prefix on this wiki (a page of another "
            "wiki); give a page of this wiki in the configuration" for iw in query.get("interwiki", [])]


class _CheckedPage(pywikibot.Page):
    """A page whose bots check was done by :meth:`Wiki.may_edit` on the text being replaced.

    pywikibot checks again when the new text is set (``userPut`` sets
    ``page.text``), parsing the whole page with mwparserfromhell: on a large
    summary page that alone took 24 MB of the job's peak memory for the same answer.
    """

    def botMayEdit(self) -> bool:
        return True


class QuitError(LdwgError):
    """The person at the terminal answered 'quit' to a confirmation."""


class _Conflict(Exception):
    """Internal: the save lost a race; re-read and retry."""


__all__ = ["Wiki", "PageState", "EditResult", "human_text_kept", "unified_diff", "chunks", "BATCH"]


def start_pywikibot(pwb_args: list[str], site: tuple[str, str, str] | None, retries: int,
                    verbose: bool, probe_url: Callable[[], str]) -> list[str]:
    """Hand pywikibot its global args; return the ones it left for the script.

    ``handle_args()`` builds the default site at once, and its first request is the probe of
    the wiki, so ``site`` (family, code, api URL) is made the default first: otherwise
    pywikibot's own default wiki would be contacted. On failure, one line names what
    ``probe_url()`` answered (no traceback unless ``verbose``).
    """
    from .probe import startup_failure, startup_limits
    from .quiet import errors_once, startup_quiet, terse_terminal
    from .secrecy import protect_logs

    if site is not None:
        family, code, api_url = site
        if api_url:
            pwb_config.family_files.setdefault(family, api_url)
        pwb_config.family, pwb_config.mylang = family, code
    # handle_args([]) would read sys.argv (our own options) instead: give it only pwb's.
    saved = pywikibot.argvu
    pywikibot.argvu = [saved[0] if saved else "ldwg-bot", *pwb_args]
    try:
        with warnings.catch_warnings():
            # a second run in one process (tests, the demo) reuses pywikibot's site cache
            warnings.filterwarnings("ignore", "Site objects have been created before arguments")
            try:
                with startup_limits(pwb_config, retries), startup_quiet(not verbose):
                    local = pywikibot.handle_args(pwb_args, do_help=False)
            except Exception as exc:
                if verbose:
                    raise
                raise startup_failure(probe_url(), retries, exc) from None
        protect_logs(Path(pwb_config.base_dir) / "logs")
        errors_once(not verbose)
        shown_handlers()       # pywikibot's messages and diffs quote the wiki's text
        if not verbose:
            terse_terminal()
        return local
    finally:
        pywikibot.argvu = saved


@contextmanager
def own_files_in(folder: Path) -> Iterator[None]:
    """While this lasts (a -simulate run), pywikibot writes its own files into ``folder``.

    pywikibot writes beside user-config.py even when it edits nothing: ``throttle.ctrl``,
    ``logs/commands.log`` and the ``-log``/``-debug`` files, ``apicache/`` and, after a login,
    its cookie file; each is placed under ``config.base_dir`` when it is first opened, so that
    is pointed at ``folder`` before :func:`start_pywikibot`. Reading stays as it was:
    user-config.py was read on import, user-password.py is read from the real folder and so are
    saved cookies (a login's new ones are saved in ``folder``). Sites built before this (an
    earlier run in the same process) keep their throttle file."""
    from http import cookiejar

    from pywikibot.comms import http

    real = Path(pwb_config.base_dir)
    saved = pwb_config.base_dir, pwb_config.password_file
    password = pwb_config.password_file
    if password and not Path(password).is_absolute():
        pwb_config.password_file = password = str(real / password)
    cache_dir = api.CachedRequest.__dict__["_get_cache_dir"]
    jar = http.cookie_jar
    load = jar.load

    def load_saved(user: str = "", *args: Any, **kwargs: Any) -> None:
        load(user, *args, **kwargs)               # names the cookie file inside ``folder``
        name = Path(jar.filename).name if jar.filename else ""
        if name and (real / name).is_file():
            try:
                cookiejar.LWPCookieJar.load(jar, str(real / name), *args, **kwargs)
            except (cookiejar.LoadError, OSError):
                log.debug("%s: saved cookies not readable", real / name)
    # pywikibot's Throttle reads throttle.ctrl when a site is built and, once the process has
    # its throttle id, fails when the file is missing; a copy also counts the other bots as
    # the real folder does
    if (real / "throttle.ctrl").is_file():
        shutil.copyfile(real / "throttle.ctrl", folder / "throttle.ctrl")
    else:
        (folder / "throttle.ctrl").touch()
    pwb_config.base_dir = str(folder)
    api.CachedRequest._get_cache_dir = classmethod(lambda cls: cls._make_dir(folder / "apicache"))
    jar.load = load_saved
    try:
        yield
    finally:
        del jar.load
        api.CachedRequest._get_cache_dir = cache_dir
        if pwb_config.password_file == password:      # not dropped for an in-memory password
            pwb_config.password_file = saved[1]
        pwb_config.base_dir = saved[0]


def default_site() -> tuple[str, str]:
    """(family, code) pywikibot chose from -family/-lang/-site."""
    return pwb_config.family, pwb_config.mylang


def family_api_url(family_name: str, code: str) -> str:
    """api.php URL of a pywikibot family, or "" when pywikibot does not know it."""
    from pywikibot.family import Family

    try:
        family = Family.load(family_name)
        return f"{family.protocol(code)}://{family.hostname(code)}{family.apipath(code)}"
    except Exception:        # an unknown family: pywikibot itself will say so
        return ""
