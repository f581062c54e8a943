"""The save path: every write the bot makes, and the guards in front of it.

:meth:`Saves.edit` reads the page and its base revision, lets a pure
``transform`` compute the new text, skips the edit when nothing changed, refuses
to drop human text or blank a page, honours ``{{bots}}``, and under ``-simulate``
prints a diff instead. Otherwise pywikibot's own ``userPut`` saves against the
base revision (diff and question on a hand run, throttle, retries, token
refresh); on an edit conflict the page is re-read and only the bot's change
re-applied, a bounded number of times, so a human's edit is never lost.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pywikibot
from pywikibot import config as pwb_config
from pywikibot.bot import QuitKeyboardInterrupt
from pywikibot.data import api
from pywikibot.exceptions import APIError, LockedPageError, NoCreateError, PageDeletedConflictError
from pywikibot.exceptions import EditConflictError as PwbEditConflict
from pywikibot.exceptions import Error as PywikibotError

from ..errors import BotsDeniedError, EditConflictError, MarkerError, WikiError
from ..runtime.stop import finish_first
from ..text import markers
from ..text.botpolicy import bots_allow
from .batch import chunks
from .pages import EditResult, PageState, QuitError, human_text_kept, interwiki_titles, unified_diff

log = logging.getLogger("ldwg_bot")


class Saves:
    """The writing half of :class:`~ldwg_bot.wiki.Wiki` (which holds site, confirm, ...)."""

    site: pywikibot.site.APISite
    summary_suffix: str
    conflict_retries: int
    out: Callable[[str], None]
    edits: list[EditResult]
    ask: bool
    confirm: Any

    if TYPE_CHECKING:  # given by the other halves of the one class (Reads, and Wiki itself)

        def login(self) -> None: ...
        def request(self, **params: Any) -> dict: ...
        def _submit(self, req: api.Request, what: str) -> dict: ...
        def _explain_failure(self, exc: Exception) -> str: ...

    @property
    def simulate(self) -> bool:
        """pywikibot's ``-simulate``: show what would be written, write nothing."""
        return bool(pwb_config.simulate)

    def may_edit(self, title: str, text: str) -> bool:
        """{{bots}}/{{nobots}} for this bot, read from the text we hold (no request)."""
        if pwb_config.ignore_bot_templates:
            return True
        family, code = self.site.family, self.site.code
        restricted = [*family.get_edit_restricted_templates(code), *family.get_archived_page_templates(code)]
        return bots_allow(text, self.site.username() or "", restricted=restricted)

    def edit(
        self, title: str, transform: Callable[[str | None], str], summary: str, *, create: bool = True
    ) -> EditResult:
        """Apply ``transform`` (old text or None -> new text) to ``title`` and save safely:
        text outside the bot's markers is kept."""
        last_error = ""
        for attempt in range(self.conflict_retries + 1):
            state, started = self._read_for_edit(title)
            old = state.text if state.exists else None
            if old is None and not create:
                raise WikiError(f"{title}: page does not exist; create it first or check the config")
            new = transform(old)
            if old is not None and new.rstrip() == old.rstrip():  # no edit, so none to forbid
                return self._record(EditResult(title, changed=False, saved=False, revid=state.revid))
            if old is not None and not self.may_edit(title, old):
                raise BotsDeniedError(
                    f"{title}: {{{{bots}}}}/{{{{nobots}}}} on the page forbids "
                    f"{self.site.username() or 'this bot'} to edit it; nothing written"
                )
            if old is not None and old.strip() and not new.strip():
                raise WikiError(f"{title}: refusing to blank the page; nothing written")
            if not human_text_kept(old, new):
                raise MarkerError(
                    f"{title}: the change would alter text outside the bot's markers; nothing written"
                )
            if self.simulate:  # the diff only where it is shown: a whole page's is not cheap
                self.out(f"--- -simulate: would edit {title} ---\n{unified_diff(title, old, new)}")
                return self._record(EditResult(title, changed=True, saved=False))
            try:
                with finish_first():  # recorded before a held-back SIGTERM stops the run
                    revid = self._submit_edit(title, new, self._summary(summary), state, started)
                    if revid is not None:
                        saved = self._record(EditResult(title, changed=True, saved=True, revid=revid))
            except _Conflict as conflict:
                last_error = conflict.args[0]
                log.warning(
                    "%s: %s; re-reading and retrying (%d/%d)",
                    title,
                    last_error,
                    attempt + 1,
                    self.conflict_retries,
                )
                continue
            if revid is None:
                log.info("%s: not saved (declined at the prompt)", title)
                return self._record(EditResult(title, changed=True, saved=False, declined=True))
            log.info("edited %s (revision %s)", title, revid)
            return saved
        raise EditConflictError(
            f"{title}: still conflicting after {self.conflict_retries} retries "
            f"({last_error}); nothing lost, run again later"
        )

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
        planned = {
            title: (old, new)
            for title, (old, new) in planned.items()  # no edit: nothing
            if old is None or new.rstrip() != old.rstrip()
        }  # to check or forbid
        if not planned:
            return []
        if not self.simulate:
            self.login()
        ask_rights = self.site.logged_in()
        problems, limit = [], 0
        for batch in chunks(list(planned)):
            params: dict[str, Any] = {
                "action": "query",
                "titles": "|".join(batch),
                "meta": "siteinfo",
                "siprop": "general",
            }
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
                problems.append(
                    f"{title}: {{{{bots}}}}/{{{{nobots}}}} on the page forbids "
                    f"{self.site.username() or 'this bot'} to edit it"
                )
            size = len(new.encode("utf-8"))
            if limit and size > limit:
                problems.append(
                    f"{title}: the new text would be {size} bytes, over the wiki's "
                    f"maxarticlesize of {limit} bytes"
                )
        return problems

    def save_section(
        self,
        title: str,
        name: str,
        content: str,
        summary: str,
        *,
        where: str = "end",
        anchor: str | None = None,
        create: bool = True,
        must_exist_section: bool = False,
    ) -> EditResult:
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
            self.out(
                f"--- -simulate: would POST action={action} "
                f"{ {k: v for k, v in params.items() if 'token' not in k} } ---"
            )
            return None
        self.login()
        req = api.Request(
            site=self.site,
            parameters={"action": action, "formatversion": 2, "token": self.site.tokens["csrf"], **params},
            use_get=False,
        )
        return self._submit(req, f"{action} failed: ")

    def _summary(self, summary: str) -> str:
        return f"{summary} {self.summary_suffix}".strip()

    def _record(self, result: EditResult) -> EditResult:
        self.edits.append(result)
        return result

    def _read_for_edit(self, title: str) -> tuple[PageState, str]:
        """Fresh read of one page plus the server time (``starttimestamp``)."""
        data = self.request(
            action="query",
            titles=title,
            prop="revisions|info",
            rvprop="ids|timestamp|content",
            rvslots="main",
            curtimestamp=1,
        )
        for problem in interwiki_titles(data["query"]):
            raise WikiError(f"{problem}; nothing written")
        page = data["query"]["pages"][0]
        started = data.get("curtimestamp", "")
        if page.get("invalid"):
            raise WikiError(f"{title}: not a valid page title ({page.get('invalidreason', '')})")
        if page.get("missing"):
            return PageState(title=page["title"], exists=False, ns=page.get("ns", 0), raw=page), started
        rev = page["revisions"][0]
        return PageState(
            title=page["title"],
            exists=True,
            text=rev["slots"]["main"]["content"],
            revid=rev["revid"],
            timestamp=rev["timestamp"],
            ns=page["ns"],
            raw=page,
        ), started

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
                    page,
                    state.text or "",
                    text,
                    summary=summary,
                    show_diff=self.ask,
                    ignore_save_related_errors=False,
                    ignore_server_errors=False,
                    asynchronous=False,
                    quiet=True,
                    force=True,
                    apply_cosmetic_changes=False,
                    minor=False,
                    bot=True,
                    basetimestamp=None,
                    starttimestamp=started or None,
                    **where,
                    **{"assert": "user"},
                )
        except QuitKeyboardInterrupt:
            raise QuitError(
                f"{title}: you answered 'quit'; this page and the rest were not written"
            ) from None
        except PageDeletedConflictError:
            raise WikiError(
                f"{title}: the page was deleted while the bot worked on it; "
                "nothing written (re-run if it should be recreated)"
            ) from None
        except PwbEditConflict as exc:
            raise _Conflict(f"edit conflict ({type(exc).__name__})") from None
        except NoCreateError:
            raise WikiError(
                f"{title}: the page was deleted while the bot worked on it; "
                "nothing written (re-run if it should be recreated)"
            ) from None
        except LockedPageError as exc:
            raise WikiError(
                f"{title}: the page is protected against the bot's edits "
                f"({type(exc).__name__}); nothing written"
            ) from None
        except APIError as exc:
            if exc.code in ("permissiondenied",):
                raise WikiError(
                    f"{title}: the page is protected against the bot's edits ({exc.code}); nothing written"
                ) from None
            if exc.code == "readonly":
                raise WikiError(
                    f"{self.site}: the wiki is read-only ({exc.info}); nothing written, run again later"
                ) from None
            raise WikiError(f"{title}: edit refused: {exc.code}: {exc.info}") from None
        except (PywikibotError, OSError) as exc:
            if limited:
                raise WikiError(
                    f"{title}: edit not saved: the wiki rate-limited the bot (ratelimited) "
                    "for longer than pywikibot's retries; nothing written, run again later"
                ) from None
            raise WikiError(
                f"{title}: edit not saved: {self._explain_failure(exc)}; nothing written, run again later"
            ) from None
        if not saved:
            return None
        return int(page.latest_revision_id or state.revid or 0)


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


class _CheckedPage(pywikibot.Page):
    """A page whose bots check was done by :meth:`Wiki.may_edit` on the text being replaced.

    pywikibot checks again when the new text is set (``userPut`` sets
    ``page.text``), parsing the whole page with mwparserfromhell: on a large
    summary page that alone took 24 MB of the job's peak memory for the same answer.
    """

    def botMayEdit(self) -> bool:
        return True


class _Conflict(Exception):
    """Internal: the save lost a race; re-read and retry."""
