"""Edits people made inside the bot's markers: keep them, or say that they were replaced.

The bot remembers, for each marked section it writes, the hash of what it
wrote (``text``) and, for sections made from a source file, the hash of that
source (``source``). On the next run the section on the wiki is compared
with ``text``: a difference means someone edited inside the markers.

Month sections of publish-update (:func:`decide`):

* the wiki section is what the bot last wrote: publish as usual;
* edited on the wiki, source unchanged: ``kept`` (the wiki's text stays);
* edited on the wiki and source changed: ``conflict`` (nothing written for
  that section; both diffs are shown; ``--overwrite MONTH`` after a look);
* ``--overwrite MONTH``: ``overwrite`` (published, the replaced text reported).

Generated sections (latest-update box, index, feedback summary, status
table) are rebuilt every time; a human edit inside them is replaced, and
:func:`replaced_edit` gives the report entry with the diff it replaced.

Hashes are taken of :func:`normal` text (Unicode NFC, trailing blanks
dropped), as MediaWiki normalises what it saves. The records live in the
store's ``meta`` table under ``<job>:section:<site>:<title>:<name>``.

The wiki is the truth, the store only the memory: a record can be missing or
stale (the run stopped after the edit and before the store commit, another
store, a wiped one). So before a difference counts as a human's edit, the
section is compared with the bot's own revisions of the page
(:class:`BotHistory`: revisions saved by the bot's account, at most
:data:`HISTORY_LIMIT`): a section the bot itself wrote is the bot's.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..text import markers
from .store import get_meta, set_meta

PUBLISH, KEPT, CONFLICT, OVERWRITE = "publish", "kept", "conflict", "overwrite"


def normal(text: str) -> str:
    """The text as compared: NFC, no trailing blanks on lines, no blank lines around."""
    lines = unicodedata.normalize("NFC", text).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def digest(text: str) -> str:
    return hashlib.sha256(normal(text).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Record:
    """What the bot last wrote in one section."""

    text: str  # digest of the section content it wrote
    source: str = ""  # digest of the source it was made from ("" for generated sections)
    content: str = ""  # the content itself, to show what a human changed


def edited_since(record: Record | None, on_wiki: str | None) -> bool:
    """True when the wiki's section differs from what the bot last wrote there."""
    return record is not None and on_wiki is not None and digest(on_wiki) != record.text


def decide(record: Record | None, on_wiki: str | None, source: str, overwrite: bool) -> str:
    """What to do with a month section (see the module docstring)."""
    if not edited_since(record, on_wiki):
        return PUBLISH
    if overwrite:
        return OVERWRITE
    assert record is not None  # edited_since() is False without a record
    return KEPT if record.source == source else CONFLICT


def section_diff(title: str, name: str, before: str, after: str, *, old: str, new: str) -> str:
    """Unified diff of one section's content, labelled ``old``/``new``."""
    return "".join(
        difflib.unified_diff(
            normal(before).splitlines(keepends=True),
            normal(after).splitlines(keepends=True),
            fromfile=f"{title} ({name}, {old})",
            tofile=f"{title} ({name}, {new})",
            n=1,
        )
    ).rstrip("\n")


def replaced_edit(title: str, name: str, on_wiki: str, new: str) -> str:
    """Report entry for a human edit inside a generated section that the bot replaced."""
    diff = section_diff(title, name, on_wiki, new, old="on the wiki", new="ldwg-bot")
    return f"replaced an edit made on the wiki: {title} ({name})\n{diff}"


# ------------------------------------------------------------ the bot's own history

#: How many of the bot's latest revisions of a page are read to recognise its own text.
HISTORY_LIMIT = 20


@dataclass
class BotHistory:
    """The page texts of the bot's own latest revisions, read only when a record disagrees.

    One request per page and run (``prop=revisions&rvuser=<bot account>``), and
    only on the rare path where the store's record and the wiki differ.
    """

    wiki: Any  # a Wiki (or a test double): ``username`` and ``request``
    _texts: dict[str, list[str]] = field(default_factory=dict)

    def texts(self, title: str) -> list[str]:
        if title not in self._texts:
            user = getattr(self.wiki, "username", "")
            texts: list[str] = []
            if user:
                data = self.wiki.request(
                    action="query",
                    prop="revisions",
                    titles=title,
                    rvprop="content",
                    rvslots="main",
                    rvuser=user,
                    rvlimit=HISTORY_LIMIT,
                )
                for page in data.get("query", {}).get("pages", []):
                    for rev in page.get("revisions", []):
                        text = rev.get("slots", {}).get("main", {}).get("content")
                        if text is not None:
                            texts.append(text)
            self._texts[title] = texts
        return self._texts[title]

    def wrote(self, title: str, name: str, section: str | None) -> bool:
        """Did one of the bot's own revisions of ``title`` hold ``section`` in ``name``?"""
        if section is None:
            return False
        want = digest(section)
        return any(
            digest(markers.get_section(text, name) or "") == want
            for text in self.texts(title)
            if markers.get_section(text, name) is not None
        )


def human_edit(
    record: Record | None, on_wiki: str | None, history: BotHistory | None, title: str, name: str
) -> bool:
    """Differs from the bot's record, and is none of the bot's own revisions either."""
    if not edited_since(record, on_wiki):
        return False
    return history is None or not history.wrote(title, name, on_wiki)


# ------------------------------------------------------------------ store


def _key(job: str, site: str, title: str, name: str) -> str:
    return f"{job}:section:{site}:{title}:{name}"


def recall(conn: sqlite3.Connection, job: str, site: str, title: str, name: str) -> Record | None:
    raw = get_meta(conn, _key(job, site, title, name))
    if not raw:
        return None
    data = json.loads(raw)
    return Record(data["text"], data.get("source", ""), data.get("content", ""))


def remember(
    conn: sqlite3.Connection,
    job: str,
    site: str,
    title: str,
    name: str,
    content: str,
    source: str = "",
    keep_content: bool = False,
) -> None:
    """After a save: what the bot wrote in the section (content kept only when asked)."""
    record = {"text": digest(content), "source": source}
    if keep_content:
        record["content"] = normal(content)
    set_meta(conn, _key(job, site, title, name), json.dumps(record, ensure_ascii=False))


class GeneratedSection:
    """One generated section of one page, for a job that rebuilds it on every change.

    :meth:`wrap` a page transform (old text -> new text) before handing it to
    ``Wiki.edit``; it notes the section as it was on the wiki and as rebuilt.
    :meth:`finish` with the edit's result then reports a human edit it
    replaced (``report.replaced``, with the diff) and remembers what was saved.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        job: str,
        site: str,
        title: str,
        name: str,
        history: BotHistory | None = None,
    ):
        self.conn, self.job, self.site, self.title, self.name = conn, job, site, title, name
        self.history = history
        self.record = recall(conn, job, site, title, name)
        self.on_wiki: str | None = None
        self.new: str | None = None
        self.recovered = False  # the wiki held the bot's text, the store did not know it

    def already_there(self, page_text: str, result, report) -> None:
        """The page holds what the bot would write (no save needed): record it if need be."""
        self.on_wiki = self.new = markers.get_section(page_text, self.name)
        self.finish(result, report)

    def wrap(self, transform: Callable[[str | None], str]) -> Callable[[str | None], str]:
        def wrapped(old: str | None) -> str:
            new = transform(old)
            self.on_wiki = markers.get_section(old, self.name) if old else None
            self.new = markers.get_section(new, self.name) if new else None
            return new

        return wrapped

    def finish(self, result, report) -> None:
        """After ``Wiki.edit``: ``result`` has ``changed`` and ``saved``.

        Unchanged, the wiki holds the bot's text already (an earlier run saved it and
        stopped before recording it): recorded now.
        """
        if self.new is None:
            return
        if not result.changed:
            if self.record is None or self.record.text != digest(self.new):
                remember(self.conn, self.job, self.site, self.title, self.name, self.new)
                self.recovered = True
            return
        if digest(self.new) != digest(self.on_wiki or "") and human_edit(
            self.record, self.on_wiki, self.history, self.title, self.name
        ):
            entry = replaced_edit(self.title, self.name, self.on_wiki or "", self.new)
            report.replaced.append(entry if result.saved else "would be " + entry)
        if result.saved:
            remember(self.conn, self.job, self.site, self.title, self.name, self.new)
