"""Reading talk pages for ``collect-feedback``: few requests, only what changed.

A run costs, besides pywikibot's own start-up:

* one ``action=query`` with ``prop=info|revisions`` (id, timestamp and
  sha1 of the latest revision) for every known page (talk pages of the
  config, pages seen under the prefixes before, the summary page) *and*
  ``list=allpages`` for the first prefix *and* ``meta=siteinfo`` (which
  wiki answered) -- all in the same request (one more request per further
  prefix, or per 50 more titles);
* one content read (``prop=info|revisions``, 50 pages a request) of the
  pages whose latest revision differs from the one stored, or that are new;
* the signature conventions (siteinfo + allmessages, and the pre-save
  transform of ``~~~~~``) only when a page must be parsed and the cached
  copy in the store is missing or older than a day.

A page that changed since the last run is read differently: its revisions
since the stored one, with content, 50 a request (the newest is the text to
parse), so that each new comment's author can be checked against the edit
that added it (:mod:`.authorship`). On the first run of a page at most
``authorship_revisions`` are read back (one request for up to 49). Pages
read again only because the parser changed use the batched read.

So a run where nothing changed makes one read request of its own, and a
page that changed costs ceil(revisions since the last run / 50).
"""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from ..config.rules import CANONICAL_NS
from ..errors import LdwgError
from ..text.langcode import is_language_code
from ..wiki.batch import chunks, follow
from . import store
from .authorship import attribute, check_records, revisions_from_api
from .conventions import PST_PARAMS, SITEINFO_PARAMS, WikiConventions, conventions_from_api
from .language import Detector, annotate
from .parse import ParseTimeout, parse_comments
from .record import CommentRecord, from_comment, iso

if TYPE_CHECKING:  # ldwg_bot.wiki imports pywikibot, which must wait for the CLI's set-up
    from ..wiki import Wiki

log = logging.getLogger("ldwg_bot")


@dataclass
class InfoResult:
    pages: dict[str, dict] = field(default_factory=dict)  # requested title -> prop=info page
    listed: dict[str, list[str]] = field(default_factory=dict)  # prefix -> titles under it
    identity: str = ""  # see wiki_identity
    redirects: dict[str, str] = field(default_factory=dict)  # requested title -> its target


def wiki_identity(general: dict) -> str:
    """Which wiki answered (siteinfo ``general``): its id, server and script path.

    A store shared by runs must not take one wiki's pages for another's when
    the same key (family:code) points somewhere else.
    """
    return json.dumps([general.get(k, "") for k in ("wikiid", "server", "scriptpath")])


def revision_signature(page: dict) -> str | None:
    """Timestamp and sha1 of the latest revision in a page object, or None.

    A revision id alone is not proof of the same text: a wiki re-created at
    the same address counts its revisions from 1 again.
    """
    revs = page.get("revisions") or []
    if not revs or not revs[0].get("timestamp"):
        return None
    return f"{revs[0]['timestamp']} {revs[0].get('sha1', '')}"


class Collector:
    """Page discovery, change detection and parsing against one wiki."""

    def __init__(self, wiki: Wiki, conn: sqlite3.Connection, wiki_key: str, now: datetime):
        self.wiki = wiki
        self.conn = conn
        self.key = wiki_key
        self.now = now
        self._cache: dict | None = None
        self._conv: WikiConventions | None = None
        self.requests = 0
        self.budget: float | None = None  # seconds per page parse (ParseTimeout past it)
        #: languages a comment may be in (besides the wiki's and the page's) and the threshold
        self.plausible: list[str] = []
        self.threshold: float | None = None

    def detector(self) -> Detector:
        """Language detection for this wiki's comments (see :mod:`.language`)."""
        langs = [self.content_language, *self.plausible]
        return Detector(langs) if self.threshold is None else Detector(langs, self.threshold)

    # ------------------------------------------------------------ conventions
    def _cached(self) -> dict | None:
        if self._cache is None:
            self._cache = store.cached_conventions(self.conn, self.key)
        return self._cache

    def refresh_conventions(self) -> dict:
        params = {k: v for k, v in SITEINFO_PARAMS.items() if k != "format"}
        params["siprop"] += "|languages"
        siteinfo = self._request(**params, uselang="content")
        pst = self._request(**{k: v for k, v in PST_PARAMS.items() if k != "format"})
        query = dict(siteinfo.get("query", {}))
        languages = sorted({lang.get("code", "") for lang in query.pop("languages", [])} - {""})
        query.pop("userinfo", None)
        cache: dict[str, Any] = {
            "fetched": iso(self.now),
            "siteinfo": {"query": query},
            "pst": {"parse": pst.get("parse", {}), "curtimestamp": pst.get("curtimestamp")},
            "languages": languages,
        }
        conventions_from_api(cache["siteinfo"], cache["pst"])  # fail now, not half-way
        store.store_conventions(self.conn, self.key, cache)
        self._cache, self._conv = cache, None
        log.debug("fetched signature conventions of %s", self.key)
        return cache

    def conventions(self) -> WikiConventions:
        if self._conv is None:
            cache = self._cached()
            if cache is None or not store.conventions_fresh(cache, self.now):
                cache = self.refresh_conventions()
            self._conv = conventions_from_api(cache["siteinfo"], cache["pst"])
        return self._conv

    @property
    def content_language(self) -> str:
        cache = self._cached() or {}
        return cache.get("siteinfo", {}).get("query", {}).get("general", {}).get("lang", "") or "en"

    def namespace(self, prefix: str) -> tuple[int, str]:
        """``"Talk:Foo/"`` -> ``(1, "Foo/")``; local names from the cached siteinfo."""
        head, sep, rest = prefix.partition(":")
        if not sep:
            return 0, prefix
        key = " ".join(head.replace("_", " ").split()).casefold()
        if key in CANONICAL_NS:
            return CANONICAL_NS[key], rest.lstrip()

        def lookup(cache: dict | None) -> int | None:
            query = (cache or {}).get("siteinfo", {}).get("query", {})
            names = query.get("namespaces", {})
            for ns in names.values() if isinstance(names, dict) else names:
                for n in (ns.get("name"), ns.get("canonical")):
                    if n and n.replace("_", " ").casefold() == key:
                        return int(ns["id"])
            for alias in query.get("namespacealiases", []):
                if alias.get("alias", "").replace("_", " ").casefold() == key:
                    return int(alias["id"])
            return None

        cache = self._cached()
        found = lookup(cache)
        if found is None and not store.conventions_fresh(cache, self.now):
            found = lookup(self.refresh_conventions())
        if found is not None:
            return found, rest.lstrip()
        return 0, prefix  # a main-namespace title that contains a colon

    # ---------------------------------------------------------------- reading
    def _request(self, **params) -> dict:
        self.requests += 1
        return self.wiki.request(**params)

    def info(self, titles: list[str], prefixes: list[str], max_pages: int = 500) -> InfoResult:
        """prop=info of ``titles`` and the titles under ``prefixes``, sharing requests.

        A prefix naming a whole namespace, or listing more than ``max_pages``
        pages, stops the run before anything is read or written.
        """
        result = InfoResult()
        batches = list(chunks(list(dict.fromkeys(titles))))
        todo = list(dict.fromkeys(prefixes))
        for i in range(max(len(batches), len(todo))):
            params: dict = {"action": "query"}
            batch = batches[i] if i < len(batches) else []
            prefix = todo[i] if i < len(todo) else None
            if i == 0:
                params.update(meta="siteinfo", siprop="general")
            if batch:
                params.update(
                    titles="|".join(batch), prop="info|revisions", rvprop="ids|timestamp|sha1", redirects=1
                )
            if prefix is not None:
                ns, rest = self.namespace(prefix)
                if not rest.strip():
                    raise LdwgError(
                        f"prefix {prefix!r} names a whole namespace; give the start of "
                        "the page names, such as 'Talk:Leadership Development Working Group/'"
                    )
                params.update(list="allpages", apnamespace=ns, apprefix=rest, aplimit="max")
                result.listed[prefix] = []
            aliases: dict[str, str] = {}
            for data in follow(lambda p: self._request(**p), params):
                query = data.get("query", {})
                if "general" in query:
                    result.identity = wiki_identity(query["general"])
                for item in query.get("normalized", []):
                    aliases[item["to"]] = item["from"]
                for item in query.get("redirects", []):  # a moved page: report it, never read it
                    target = item["to"] + (f"#{item['tofragment']}" if item.get("tofragment") else "")
                    result.redirects[aliases.get(item["from"], item["from"])] = target
                for page in query.get("pages", []):
                    result.pages.setdefault(aliases.get(page["title"], page["title"]), {}).update(page)
                if prefix is not None:
                    result.listed[prefix] += [p["title"] for p in query.get("allpages", [])]
                    if len(result.listed[prefix]) > max_pages:
                        raise LdwgError(
                            f"prefix {prefix!r} lists more than {max_pages} pages; "
                            "narrow it, or raise feedback.max_pages; nothing read or written"
                        )
        return result

    def history(self, title: str, oldest: int | None, limit: int) -> tuple[dict, list[dict]]:
        """Page info and revisions with content, newest first, back to ``oldest`` or ``limit``."""
        page, revisions, requests = self.wiki.history(title, oldest=oldest, limit=limit)
        self.requests += requests
        return page, revisions

    def read(self, titles: list[str]) -> dict[str, dict]:
        """Latest text, revision and page language of ``titles``."""
        if not titles:
            return {}
        self.requests += len(list(chunks(titles)))
        return self.wiki.query_pages(
            titles, prop="info|revisions", rvprop="ids|timestamp|sha1|content", rvslots="main"
        )

    # ---------------------------------------------------------------- parsing
    def page_language(self, title: str, pagelanguage: str | None) -> str:
        """``pagelanguage`` when it is not the wiki's default, else a ``/<code>`` suffix
        that is a language the wiki knows, else the content language."""
        content = self.content_language
        if pagelanguage and pagelanguage != content:
            return pagelanguage
        tail = title.rsplit("/", 1)[1] if "/" in title else ""
        known = set((self._cached() or {}).get("languages") or ())
        if tail and is_language_code(tail) and (not known or tail in known):
            return tail
        return pagelanguage or content

    def records(self, title: str, page: dict) -> PageRecords:
        """Revision, language and comment records of a page read by :meth:`read`."""
        revs = page.get("revisions") or []
        if page.get("missing") or page.get("invalid") or not revs:
            return PageRecords(None, "", [])
        rev = revs[0]
        revid = int(rev["revid"])
        text = rev.get("slots", {}).get("main", {}).get("content", "") or ""
        language = self.page_language(page.get("title", title), page.get("pagelanguage"))
        base = self.wiki.permalink(revid)
        out = []
        for c in parse_comments(text, self.conventions(), budget=self.budget):
            anchor = (
                quote(c.section_anchor.replace(" ", "_"), safe="-._~:!$'()*,;@/") if c.section_anchor else ""
            )
            out.append(from_comment(c, revid, language, base + (f"#{anchor}" if anchor else "")))
        return PageRecords(revid, language, annotate(out, self.detector()))


#: At most this many revisions of one page are read in one run to find who added what.
HISTORY_CAP = 500


class PageRecords(NamedTuple):
    """What one talk page's latest revision holds."""

    revid: int | None  # None: the page is missing
    language: str
    records: list[CommentRecord]


class ParsedPage(NamedTuple):
    """A page read and parsed in this run."""

    title: str
    revid: int | None
    language: str
    records: list[CommentRecord]
    revsig: str | None  # see revision_signature()


class SkippedPage(NamedTuple):
    """A page whose parse took longer than its budget."""

    title: str
    revid: int | None
    why: str
    revsig: str | None


@dataclass
class Parsed:
    """Pages read and parsed in one run (before anything is written to the store)."""

    pages: list[ParsedPage] = field(default_factory=list)
    skipped: list[SkippedPage] = field(default_factory=list)


def parse_pages(
    coll: Collector, titles: list[str], known: dict, latest: dict[str, int | None], walk_back: int
) -> Parsed:
    """Read and parse ``titles``; attribute and check the comments not in the store yet.

    ``known``: the store's page rows; ``latest``: each page's current revision
    (from ``prop=info``; None for a page only just listed)."""
    result = Parsed()
    plain, history = [], []
    for title in titles:
        old = known.get(title)
        stored = old["revid"] if old is not None and old["present"] else None
        if (stored and stored != latest.get(title)) or (not stored and walk_back):
            history.append((title, stored))
        else:
            plain.append(title)
    pages: list[tuple[str, dict, list[dict] | None]] = [
        (title, page, None) for title, page in coll.read(plain).items()
    ]
    oldest: dict[str, str] = {}  # each page's text before the revisions read this run
    for title, stored in history:
        page, read = coll.history(title, stored, HISTORY_CAP if stored else walk_back + 1)
        pages.append((title, {**page, "revisions": read[:1]}, read))
    for title, page, revisions in pages:
        try:
            revid, language, records = coll.records(title, page)
        except ParseTimeout as exc:
            result.skipped.append(
                SkippedPage(
                    title, (page.get("revisions") or [{}])[0].get("revid"), str(exc), revision_signature(page)
                )
            )
            continue
        if revisions:
            oldest[title] = revisions[-1].get("slots", {}).get("main", {}).get("content", "") or ""
            records = _attributed(coll, title, records, revisions)
        result.pages.append(ParsedPage(title, revid, language, records, revision_signature(page)))
    # where each comment name is (stored, or read now): a signer's comment on another
    # tracked page means the edit moved it there
    name_pages: dict[str, set[str]] = {}
    for holder, names in store.comment_names_by_page(coll.conn, coll.key).items():
        for name in names:
            name_pages.setdefault(name, set()).add(holder)
    for parsed in result.pages:
        for rec in parsed.records:
            name_pages.setdefault(rec.name or "", set()).add(parsed.title)
    for i, parsed in enumerate(result.pages):
        title = parsed.title
        checked = check_records(
            parsed.records, {r.name or "" for r in parsed.records if name_pages[r.name or ""] - {title}}
        )
        result.pages[i] = parsed._replace(
            records=[
                # or it was on another page when this run's window opened
                replace(rec, signature_check="moved")
                if rec.signature_check == "mismatch"
                and any(rec.signature in text for page, text in oldest.items() if page != title)
                else rec
                for rec in checked
            ]
        )
    return result


def _attributed(
    coll: Collector, title: str, records: list[CommentRecord], revisions: list[dict]
) -> list[CommentRecord]:
    """``records`` with the edit that added each comment not in the store yet."""
    ids, names = store.page_comment_keys(coll.conn, coll.key, title)
    fresh = [i for i, r in enumerate(records) if r.id not in ids and r.name not in names]
    text = revisions[0].get("slots", {}).get("main", {}).get("content", "") or ""
    found = attribute([records[i] for i in fresh], text, revisions_from_api(revisions))
    out = list(records)
    for i, rec in zip(fresh, found, strict=True):
        if rec.added_in_revision:
            rec = replace(rec, added_diff=coll.wiki.diff_link(rec.added_in_revision))
        out[i] = rec
    return out


def check_title(title: str, what: str) -> str:
    title = " ".join(title.replace("_", " ").split())
    if not title or re.search(r"[#<>\[\]|{}]", title):
        raise LdwgError(f"{what} {title!r}: expected a page title")
    return title
