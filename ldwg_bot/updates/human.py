"""publish-update's side of :mod:`ldwg_bot.runtime.humanedits`: one :class:`Guard` per run.

The job's transforms ask the guard before rendering a month section
(:meth:`Guard.month`) and tell it which generated sections they rebuild
(:meth:`Guard.generated`); after each save :meth:`Guard.saved` remembers what
was written and turns the decisions into report lines, diffs and conflicts.
The transforms may run several times (preflight, edit-conflict retries): the
last call, the one whose text was saved, is the one that counts.

A month section that differs from the store's record is a human's edit only
when it is not the bot's own text: what the current source renders (the run
that saved it stopped before its store commit, or the store is another one)
or a section of one of the bot's own revisions (:class:`he.BotHistory`).
Such a section is published and recorded, never a conflict.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field

from .. import i18n
from ..runtime import humanedits as he
from ..text.markers import get_section
from .page import render_month_section, section_name
from .source import Month, UpdateSource

JOB = "publish-update"


def source_digest(update: UpdateSource) -> str:
    """What a month section is made from: its month and body (Markdown or wikitext)."""
    body = update.body_wikitext if update.body_wikitext is not None else update.body_markdown
    data = json.dumps([update.month.slug, update.body_wikitext is not None, body or ""])
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass
class _Seen:
    kind: str  # month | generated
    decision: str = he.PUBLISH
    bots: bool = False  # differs from the record, but the bot wrote it
    record: he.Record | None = None
    on_wiki: str | None = None
    update: UpdateSource | None = None


@dataclass
class Guard:
    conn: sqlite3.Connection
    site: str
    overwrite: frozenset[Month] = frozenset()
    history: he.BotHistory | None = None
    lang: str = i18n.SOURCE  # the pages' language: what the source renders in
    notes: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # the one-line reasons
    conflict_months: list[str] = field(default_factory=list)  # YYYY-MM, for --overwrite
    diffs: list[str] = field(default_factory=list)  # shown before the error
    _seen: dict[tuple[str, str], _Seen] = field(default_factory=dict)

    def _recall(self, title: str, name: str) -> he.Record | None:
        return he.recall(self.conn, JOB, self.site, title, name)

    def month(
        self, title: str, update: UpdateSource, old: str | None, render: Callable[[str], str] | None = None
    ) -> bool:
        """May the month's section on ``old`` (the page as it is) be rendered from the source?"""
        name = section_name(update.month)
        on_wiki = get_section(old, name) if old else None
        record = self._recall(title, name)
        decision = he.decide(record, on_wiki, source_digest(update), update.month in self.overwrite)
        bots = decision in (he.KEPT, he.CONFLICT) and self._bots_own(
            title, name, update, on_wiki, old, render
        )
        if bots:
            decision = he.PUBLISH
        self._seen[(title, name)] = _Seen("month", decision, bots, record, on_wiki, update)
        return decision in (he.PUBLISH, he.OVERWRITE)

    def _bots_own(
        self,
        title: str,
        name: str,
        update: UpdateSource,
        on_wiki: str | None,
        old: str | None,
        render: Callable[[str], str] | None,
    ) -> bool:
        """The section is what this source renders (``render``: the section on the wiki -> the
        section from the source), or what one of the bot's own revisions held."""
        if on_wiki is None:
            return False
        if render is None:
            rendered, _ = render_month_section(update, on_wiki, old or "", 0, lang=self.lang)
        else:
            rendered = render(on_wiki)
        if he.digest(rendered) == he.digest(on_wiki):
            return True
        return self.history is not None and self.history.wrote(title, name, on_wiki)

    def switch(self, title: str, name: str, content: str) -> bool:
        """May a month section this run does not render change form (Translate came or went)?

        Not when a human edited it since the last publish (it stays as it is,
        so the next source change is still a conflict); a switched section is
        remembered as the bot's, with the source it was made from.
        """
        seen = self._seen.get((title, name))
        if seen is not None:  # decided by month() in this run
            return seen.decision in (he.PUBLISH, he.OVERWRITE)
        record = self._recall(title, name)
        if he.human_edit(record, content, self.history, title, name):
            return False
        self._seen[(title, name)] = _Seen("switched", he.PUBLISH, True, record, content)
        return True

    def generated(self, title: str, name: str, old: str | None) -> None:
        """A generated section (box, index) is about to be rebuilt from ``old``."""
        on_wiki = get_section(old, name) if old else None
        self._seen[(title, name)] = _Seen("generated", he.PUBLISH, False, self._recall(title, name), on_wiki)

    def saved(self, title: str, new_text: str | None, *, written: bool, simulated: bool) -> None:
        """The edit of ``title`` ended: ``written`` when the wiki now holds ``new_text``."""
        for (t, name), seen in list(self._seen.items()):
            if t != title:
                continue
            del self._seen[(t, name)]
            new = get_section(new_text, name) if new_text else None
            if seen.decision == he.KEPT:
                assert seen.update is not None  # only month sections are kept or conflict
                self.notes.append(
                    f"{title}: {seen.update.month.name}: edited on the wiki since the last publish: kept"
                )
                continue
            if seen.decision == he.CONFLICT:
                self._conflict(title, name, seen, new)
                continue
            if new is None:
                continue
            if (
                not seen.bots
                and he.digest(new) != he.digest(seen.on_wiki or "")
                and he.human_edit(seen.record, seen.on_wiki, self.history, title, name)
            ):
                entry = he.replaced_edit(title, name, seen.on_wiki or "", new)
                self.replaced.append(("would be " + entry) if simulated else entry)
            if written:
                source = (
                    source_digest(seen.update)
                    if seen.update is not None
                    else (seen.record.source if seen.record is not None else "")
                )
                he.remember(
                    self.conn,
                    JOB,
                    self.site,
                    title,
                    name,
                    new,
                    source,
                    keep_content=seen.kind in ("month", "switched"),
                )

    def _conflict(self, title: str, name: str, seen: _Seen, new: str | None) -> None:
        assert seen.update is not None  # only month sections are kept or conflict
        month = seen.update.month
        last = seen.record.content if seen.record else ""
        self.diffs.append(
            he.section_diff(
                title, name, last, seen.on_wiki or "", old="last published", new="edited on the wiki"
            )
        )
        source_text, _ = render_month_section(
            seen.update, seen.on_wiki, seen.on_wiki or "", 0, lang=self.lang
        )
        self.diffs.append(
            he.section_diff(
                title, name, last, source_text, old="last published", new="from the changed source"
            )
        )
        self.conflicts.append(
            f"{title}: {month.name} was edited on the wiki and changed in the "
            f"source since the last publish; nothing written for it"
        )
        self.conflict_months.append(month.slug)

    def conflict_message(self) -> str:
        """The one line a conflicted run ends with: what, and how to resolve it."""
        options = " ".join(f"--overwrite {m}" for m in sorted(set(self.conflict_months)))
        return (
            "; ".join(self.conflicts) + "; look at both diffs above, then copy the wiki's edit "
            f"into the source, or run again with {options} to publish the source over it"
        )
