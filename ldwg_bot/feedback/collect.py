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

So a run where nothing changed makes one read request of its own.
"""
from __future__ import annotations

import json
import logging
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from typing import TYPE_CHECKING

from ..config import LANG_CODE_RE
from ..errors import LdwgError
from ..batch import chunks
from . import store
from .conventions import PST_PARAMS, SITEINFO_PARAMS, WikiConventions, conventions_from_api
from .parse import parse_comments

if TYPE_CHECKING:   # ldwg_bot.wiki imports pywikibot, which must wait for the CLI's set-up
    from ..wiki import Wiki

log = logging.getLogger("ldwg_bot")
LANG_RE = LANG_CODE_RE
#: Canonical namespace names (every wiki knows them, in any language).
CANONICAL_NS = {"": 0, "talk": 1, "user": 2, "user talk": 3, "project": 4, "project talk": 5,
                "file": 6, "file talk": 7, "mediawiki": 8, "mediawiki talk": 9, "template": 10,
                "template talk": 11, "help": 12, "help talk": 13, "category": 14, "category talk": 15}


@dataclass
class InfoResult:
    pages: dict[str, dict] = field(default_factory=dict)      # requested title -> prop=info page
    listed: dict[str, list[str]] = field(default_factory=dict)  # prefix -> titles under it
    identity: str = ""                                         # see wiki_identity
    redirects: dict[str, str] = field(default_factory=dict)    # requested title -> its target


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

    def __init__(self, wiki: "Wiki", conn: sqlite3.Connection, wiki_key: str, now: datetime):
        self.wiki = wiki
        self.conn = conn
        self.key = wiki_key
        self.now = now
        self._cache: dict | None = None
        self._conv: WikiConventions | None = None
        self.requests = 0

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
        cache = {"fetched": store.iso(self.now), "siteinfo": {"query": query},
                 "pst": {"parse": pst.get("parse", {}), "curtimestamp": pst.get("curtimestamp")},
                 "languages": languages}
        conventions_from_api(cache["siteinfo"], cache["pst"])   # fail now, not half-way
        store.store_conventions(self.conn, self.key, cache)
        self._cache, self._conv = cache, None
        log.debug("fetched signature conventions of %s", self.key)
        return cache

    def conventions(self) -> WikiConventions:
        if self._conv is None:
            cache = self._cached()
            if not store.conventions_fresh(cache, self.now):
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
        return 0, prefix   # a main-namespace title that contains a colon

    # ---------------------------------------------------------------- reading
    def _request(self, **params) -> dict:
        self.requests += 1
        return self.wiki.request(**params)

    def info(self, titles: list[str], prefixes: list[str]) -> InfoResult:
        """prop=info of ``titles`` and the titles under ``prefixes``, sharing requests."""
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
                params.update(titles="|".join(batch), prop="info|revisions", rvprop="ids|timestamp|sha1",
                              redirects=1)
            if prefix is not None:
                ns, rest = self.namespace(prefix)
                params.update(list="allpages", apnamespace=ns, apprefix=rest, aplimit="max")
                result.listed[prefix] = []
            cont: dict = {}
            aliases: dict[str, str] = {}
            while True:
                data = self._request(**params, **cont)
                query = data.get("query", {})
                if "general" in query:
                    result.identity = wiki_identity(query["general"])
                for item in query.get("normalized", []):
                    aliases[item["to"]] = item["from"]
                for item in query.get("redirects", []):    # a moved page: report it, never read it
                    target = item["to"] + (f"#{item['tofragment']}" if item.get("tofragment") else "")
                    result.redirects[aliases.get(item["from"], item["from"])] = target
                for page in query.get("pages", []):
                    result.pages.setdefault(aliases.get(page["title"], page["title"]), {}).update(page)
                if prefix is not None:
                    result.listed[prefix] += [p["title"] for p in query.get("allpages", [])]
                if "continue" not in data:
                    break
                cont = data["continue"]
        return result

    def read(self, titles: list[str]) -> dict[str, dict]:
        """Latest text, revision and page language of ``titles``."""
        if not titles:
            return {}
        self.requests += len(list(chunks(titles)))
        return self.wiki.query_pages(titles, prop="info|revisions", rvprop="ids|timestamp|sha1|content",
                                     rvslots="main")

    # ---------------------------------------------------------------- parsing
    def page_language(self, title: str, pagelanguage: str | None) -> str:
        """``pagelanguage`` when it is not the wiki's default, else a ``/<code>`` suffix
        that is a language the wiki knows, else the content language."""
        content = self.content_language
        if pagelanguage and pagelanguage != content:
            return pagelanguage
        tail = title.rsplit("/", 1)[1] if "/" in title else ""
        known = set((self._cached() or {}).get("languages") or ())
        if tail and LANG_RE.match(tail) and (not known or tail in known):
            return tail
        return pagelanguage or content

    def records(self, title: str, page: dict) -> tuple[int | None, str, list[dict]]:
        """(revid, language, comment records) of a page read by :meth:`read`."""
        revs = page.get("revisions") or []
        if page.get("missing") or page.get("invalid") or not revs:
            return None, "", []
        rev = revs[0]
        revid = int(rev["revid"])
        text = rev.get("slots", {}).get("main", {}).get("content", "") or ""
        language = self.page_language(page.get("title", title), page.get("pagelanguage"))
        base = self.wiki.permalink(revid)
        out = []
        for c in parse_comments(text, self.conventions()):
            d = c.to_dict()
            anchor = quote(c.section_anchor.replace(" ", "_"), safe="-._~:!$'()*,;@/") if c.section_anchor else ""
            out.append({
                "id": c.id, "name": c.name, "parent_id": c.parent_id, "revision": revid,
                "section": c.section, "section_anchor": c.section_anchor, "level": c.level,
                "author": c.author, "timestamp": d["timestamp"], "language": language, "text": c.text,
                "permalink": base + (f"#{anchor}" if anchor else ""),
            })
        return revid, language, out


def check_title(title: str, what: str) -> str:
    title = " ".join(title.replace("_", " ").split())
    if not title or re.search(r"[#<>\[\]|{}]", title):
        raise LdwgError(f"{what} {title!r}: expected a page title")
    return title
