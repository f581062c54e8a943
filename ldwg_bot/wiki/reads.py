"""Reads and site facts: every GET the bot makes, and what it knows about the wiki.

Pages are read 50 titles a request with continuation followed (:mod:`.batch`);
an API error becomes a :class:`~ldwg_bot.errors.WikiError` carrying the API's
``code`` and ``info``. Site facts come from the site information pywikibot has
already read (no request), so no job reaches into pywikibot itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import quote

import pywikibot
from pywikibot.data import api
from pywikibot.exceptions import APIError
from pywikibot.exceptions import Error as PywikibotError

from ..errors import WikiError
from .batch import BATCH, chunks, follow
from .pages import PageState


class Reads:
    """The reading half of :class:`~ldwg_bot.wiki.Wiki` (which holds ``site``)."""

    site: pywikibot.site.APISite
    _extensions: dict[str, bool]

    def request(self, **params: Any) -> dict:
        """One read request (GET), formatversion 2; API errors become :class:`WikiError`."""
        params.setdefault("formatversion", 2)
        req = api.Request(site=self.site, parameters=params, use_get=True)
        try:
            return self._submit(req, "API error ")
        except (PywikibotError, OSError) as exc:
            raise WikiError(
                f"{self.site}: the wiki did not answer ({type(exc).__name__}: {exc}); "
                "nothing written, run again later"
            ) from None

    def query(self, params: Mapping[str, Any]) -> Iterator[dict]:
        """One read and its continuation, answer by answer (see :func:`.batch.follow`)."""
        return follow(lambda p: self.request(**p), params)

    def has_extension(self, name: str) -> bool:
        """Whether the wiki runs extension ``name`` (siteinfo extensions, read once per run)."""
        if name not in self._extensions:
            try:
                self._extensions[name] = bool(self.site.has_extension(name))
            except (PywikibotError, OSError) as exc:
                raise WikiError(
                    f"{self.site}: cannot read the wiki's extensions ({type(exc).__name__}); "
                    "nothing written, run again later"
                ) from None
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
        pages = self.query_pages(
            titles, prop="revisions", rvprop="ids|timestamp|user|content", rvslots="main"
        )
        states = {}
        for title, page in pages.items():
            revs = page.get("revisions") or []
            if page.get("missing") or page.get("invalid") or not revs:
                states[title] = PageState(title=page.get("title", title), exists=False, ns=page.get("ns", 0))
                continue
            rev = revs[0]
            states[title] = PageState(
                title=page["title"],
                exists=True,
                text=rev["slots"]["main"].get("content", ""),
                revid=rev["revid"],
                timestamp=rev["timestamp"],
                user=rev.get("user"),
                ns=page["ns"],
            )
        return states

    def history(
        self, title: str, *, oldest: int | None = None, limit: int = BATCH, newest: int | None = None
    ) -> tuple[dict, list[dict], int]:
        """Revisions of one page with their content, newest first: back to revision
        ``oldest`` (included) or ``limit`` revisions, whichever comes first.

        50 revisions a request (the API's cap when content is asked for),
        continuation followed. Returns the page (``prop=info``), the revisions
        (``revid``, ``parentid``, ``user``, ``timestamp``, ``slots``) and the
        number of requests made.
        """
        params: dict[str, Any] = {
            "action": "query",
            "titles": title,
            "prop": "info|revisions",
            "rvslots": "main",
            "rvprop": "ids|timestamp|user|sha1|content",
            "rvdir": "older",
        }
        if oldest:
            params["rvendid"] = oldest
        if newest:
            params["rvstartid"] = newest
        page: dict = {}
        revisions: list[dict] = []
        requests = 0

        def ask(p: dict) -> dict:  # each request asks only for what is still wanted
            return self.request(**p, rvlimit=min(BATCH, limit - len(revisions)))

        for data in follow(ask, params) if limit > 0 else ():
            requests += 1
            for item in data.get("query", {}).get("pages", []):
                revisions += item.pop("revisions", None) or []
                page.update(item)
            if len(revisions) >= limit:
                break
        return page, revisions[:limit], requests

    def read_page(self, title: str) -> PageState:
        return next(iter(self.read_pages([title]).values()))

    def page_info(self, titles: Iterable[str]) -> dict[str, dict]:
        """``prop=info`` only (lastrevid, touched, length): the cheap "did it change?" check."""
        return self.query_pages(titles, prop="info")

    def _submit(self, req: api.Request, what: str) -> dict:
        """Send ``req``; an API error becomes a :class:`WikiError` that keeps its code."""
        try:
            return req.submit()
        except APIError as exc:
            raise WikiError(
                f"{self.site}: {what}{exc.code}: {exc.info}", code=exc.code, info=exc.info
            ) from None

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
        try:  # pywikibot parses the title lazily: the first title() may raise too
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
