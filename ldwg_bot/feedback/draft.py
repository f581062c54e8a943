"""The parts of the draft and their text in every language.

Two layouts, decided from the draft's own text (:func:`uses_translate`):

* **with Translate** the draft is a translatable page: each unit
  (``<!--T:n-->``) is a part, keyed by its number; a heading unit is a
  section. Its translations are the pages ``Translations:<draft>/<n>/<lang>``,
  read 50 titles a request, for each language that has a ``<draft>/<lang>``
  page;
* **without Translate** every heading, paragraph and list item of the draft is
  a part, numbered in page order; the translations are the hand-kept
  ``<draft>/<lang>`` subpages, whose blocks are matched to the draft's by
  position (whole page when the layouts agree, else section by section; a
  section whose layout differs is left out for that language).

:class:`DraftReader` reads them with at most ``1 + ceil(U*L/50)`` requests
(one request reads the draft and lists its subpages, then the translation
pages in batches of 50) and none at all when neither the draft nor any of its
``/<lang>`` pages changed since the parts were cached in the store.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

from ..runtime.store import get_meta, set_meta
from ..text.langcode import is_language_code
from ..updates.translatable import parse_units
from ..wiki.batch import chunks, follow
from .links import plain_text

if TYPE_CHECKING:
    from .collect import Collector

_HEADING_RE = re.compile(r"^(={1,6})\s*(.*?)\s*\1\s*(<!--T:[^>]*-->)?\s*$")
_UNIT_RE = re.compile(r"<!--T:\d+-->")


@dataclass
class Part:
    key: str  # unit number, or block number in page order
    heading: bool  # a section heading
    section: str  # heading (source language) of the section it is in
    texts: dict[str, str] = field(default_factory=dict)  # language -> plain text

    @property
    def source(self) -> str:
        return next(iter(self.texts.values()), "")


def uses_translate(text: str) -> bool:
    """A translatable page: ``<translate>`` with unit markers."""
    return "<translate" in text and bool(_UNIT_RE.search(text))


def _clean(wikitext: str) -> str:
    return plain_text(re.sub(r"</?translate[^>]*>|<languages\s*/>", " ", wikitext))


# --------------------------------------------------------------- layouts


def blocks(text: str) -> list[tuple[bool, str]]:
    """(is heading, plain text) of each heading, paragraph and list item, in order."""
    out: list[tuple[bool, str]] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            clean = _clean("\n".join(para))
            if clean:
                out.append((False, clean))
            para.clear()

    for line in text.splitlines():
        stripped = line.strip()
        m = _HEADING_RE.match(stripped)
        if m:
            flush()
            out.append((True, _clean(m.group(2))))
        elif not stripped:
            flush()
        elif stripped[0] in "*#:;":
            flush()
            item = _clean(stripped.lstrip("*#:; "))
            if item:
                out.append((False, item))
        else:
            para.append(stripped)
    flush()
    return out


def parts_from_blocks(text: str, lang: str) -> list[Part]:
    parts, section = [], ""
    for n, (heading, clean) in enumerate(blocks(text), start=1):
        if heading:
            section = clean
        parts.append(Part(str(n), heading, section, {lang: clean}))
    return parts


def parts_from_units(text: str, lang: str) -> list[Part]:
    parts, section = [], ""
    for unit in parse_units(text):
        if unit.id is None or not unit.id.isdigit():
            continue
        m = _HEADING_RE.match(unit.text.strip())
        clean = _clean(m.group(2) if m else unit.text)
        if not clean:
            continue
        if m:
            section = clean
        parts.append(Part(unit.id, bool(m), section, {lang: clean}))
    return parts


def _sections(items: list) -> list[list]:
    out: list[list] = [[]]
    for item in items:
        if item.heading if isinstance(item, Part) else item[0]:
            out.append([])
        out[-1].append(item)
    return out


def add_subpage(parts: list[Part], lang: str, text: str) -> None:
    """Align the blocks of a hand-kept translation with the draft's (see the module doc)."""
    theirs = blocks(text)
    if [p.heading for p in parts] == [h for h, _ in theirs]:
        pairs = list(zip(parts, theirs, strict=True))
    else:
        pairs = []
        ours_s, theirs_s = _sections(parts), _sections(theirs)
        if len(ours_s) == len(theirs_s):
            for ours, other in zip(ours_s, theirs_s, strict=True):
                if [p.heading for p in ours] == [h for h, _ in other]:
                    pairs += list(zip(ours, other, strict=True))
    for part, (_, clean) in pairs:
        part.texts.setdefault(lang, clean)


# ---------------------------------------------------------------- reading


class DraftReader:
    """Reads and caches the draft's parts (see the module doc for the request budget)."""

    def __init__(self, coll: Collector, conn: sqlite3.Connection, wiki_key: str, title: str):
        self.coll, self.conn, self.title = coll, conn, title
        self.meta_key = f"feedback:draft:{wiki_key}:{title}"
        self.requests = 0
        self.pending: dict | None = None

    def cached(self) -> dict:
        return json.loads(get_meta(self.conn, self.meta_key) or "{}")

    def watched(self) -> list[str]:
        """Titles whose change means the parts must be read again (for the prop=info check)."""
        return [self.title, *self.cached().get("revids", {})]

    def fetch(self, info: dict[str, dict]) -> list[Part]:
        """The parts; read from the wiki only when a watched page changed (``info``: prop=info).
        A fresh read is kept for :meth:`save`, which stores it inside the run's transaction."""
        cache = self.cached()
        revids = cache.get("revids", {})
        if (
            cache
            and self.title in revids
            and all(info.get(t, {}).get("lastrevid") == r for t, r in revids.items())
        ):
            return [Part(**p) for p in cache["parts"]]
        parts, revids, translate = self.read()
        self.pending = {"revids": revids, "translate": translate, "parts": [asdict(p) for p in parts]}
        return parts

    def save(self) -> None:
        if self.pending is not None:
            set_meta(self.conn, self.meta_key, json.dumps(self.pending, ensure_ascii=False))
            self.pending = None

    def _request(self, **params) -> dict:
        self.requests += 1
        return self.coll._request(**params)

    def _family(self) -> dict[str, dict]:
        """The draft and every page under its title, with text and revision: one request
        (``generator=allpages``; continued only past 50 pages)."""
        ns, rest = self.coll.namespace(self.title)
        params = {
            "action": "query",
            "generator": "allpages",
            "gapnamespace": ns,
            "gapprefix": rest,
            "gaplimit": 50,
            "prop": "info|revisions",
            "rvprop": "ids|content",
            "rvslots": "main",
        }
        pages: dict[str, dict] = {}
        for data in follow(lambda p: self._request(**p), params):
            for page in data.get("query", {}).get("pages", []):
                title = page.get("title", "")
                if title == self.title or title.startswith(self.title + "/"):
                    merged = pages.setdefault(title, {})
                    revs = merged.get("revisions", []) + (page.get("revisions") or [])
                    merged.update(page)
                    merged["revisions"] = revs
        return pages

    def read(self) -> tuple[list[Part], dict[str, int], bool]:
        family = self._family()
        page = family.get(self.title, {})
        revs = page.get("revisions") or []
        if not revs:
            return [], {}, False

        def content(p: dict) -> str:
            return (p.get("revisions") or [{}])[0].get("slots", {}).get("main", {}).get("content") or ""

        text = content(page)
        source = page.get("pagelanguage") or self.coll.content_language
        subpages = {
            t[len(self.title) + 1 :]: p
            for t, p in family.items()
            if t != self.title
            and is_language_code(t[len(self.title) + 1 :])
            and t[len(self.title) + 1 :] != source
        }
        revids = {
            t: int(p.get("lastrevid") or 0)
            for t, p in family.items()
            if t == self.title or t[len(self.title) + 1 :] in subpages
        }
        translate = uses_translate(text)
        if not translate:
            parts = parts_from_blocks(text, source)
            for lang, sub in sorted(subpages.items()):
                add_subpage(parts, lang, content(sub))
            return parts, revids, False
        parts = parts_from_units(text, source)
        wanted = {
            f"Translations:{self.title}/{p.key}/{lang}": (p, lang) for lang in sorted(subpages) for p in parts
        }
        for batch in chunks(list(wanted)):
            self.requests += 1
            self.coll.requests += 1
            for title, got in self.coll.wiki.query_pages(
                batch, prop="revisions", rvprop="content", rvslots="main"
            ).items():
                if title not in wanted or not got.get("revisions"):
                    continue
                part, lang = wanted[title]
                unit = content(got)
                m = _HEADING_RE.match(unit.strip())
                clean = _clean(m.group(2) if m else unit)
                if clean:
                    part.texts[lang] = clean
        return parts, revids, True
