"""Reading the numbers of a set of pages, with or without Translate, counting requests.

:class:`Reader` is the I/O half of translation-status: every request goes
through ``Wiki.request``; the pure halves are :mod:`.stats` (Translate) and
:mod:`.subpages` (language subpages). The job (:mod:`.job`) renders, saves and
exports what :meth:`Reader.read` returns as a :class:`Status`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from ..errors import ConfigError, LdwgError
from ..runtime.progress import progress
from ..text.langcode import is_language_code
from ..wiki.batch import follow
from .model import NOT_TRANSLATABLE, Cell
from .stats import (
    GroupStats,
    cells_from_group_stats,
    fetch_group_stats,
    group_id,
    languages_with_translations,
)
from .subpages import (
    find_subpages,
    pages_from_response,
    source_last_change,
    subpage_cells,
    subpage_queries,
    title_batches,
)
from .table import autonyms_from_response, languageinfo_params

log = logging.getLogger("ldwg_bot")

PAGE_MISSING = "page missing"
NOT_TRANSLATABLE_NOTE = "not translatable"
MAX_FILTERS = 50  # values of one multi-value parameter without apihighlimits
TITLES_PER_REQUEST = 50


# ---------------------------------------------------------------- reading


@dataclass
class Status:
    """What one run found: the table's pages and languages and every cell."""

    pages: list[str]
    languages: list[str]
    cells: list[Cell]
    names: dict[str, str]
    uses_translate: bool
    problems: dict[str, str] = field(default_factory=dict)  # page -> PAGE_MISSING / not translatable
    incomplete: list[str] = field(default_factory=list)  # pages Translate had partial numbers for
    dropped_languages: list[str] = field(default_factory=list)
    requests: int = 0
    # the table page as read along with the language names: its text, "" when it
    # does not exist, None when it was not read (then the save path reads it)
    table_text: str | None = None


class Reader:
    """Reads the numbers of a set of pages, counting its read requests.

    Every request goes through :meth:`request`, i.e. ``Wiki.request`` (one
    GET each), so a test can count or serve them.
    """

    def __init__(
        self,
        wiki,
        *,
        retries: int = 3,
        pause: float = 2.0,
        sleep: Callable[[float], object] = time.sleep,
        normalise: Callable[[str], tuple[str, int, str]] | None = None,
    ):
        self.wiki = wiki
        self._normalise = normalise
        self.peek: str | None = None  # a page to read along (the table page)
        self.peeked: str | None = None
        self.retries = retries
        self.pause = pause
        self.sleep = sleep
        self.requests = 0

    def request(self, params: dict) -> dict:
        self.requests += 1
        return self.wiki.request(**params)

    def _follow(self, params: dict) -> Iterable[dict]:
        """One query and its continuation, answer by answer."""
        return follow(self.request, params)

    # -- titles ---------------------------------------------------------------
    def normalise(self, title: str) -> tuple[str, int, str]:
        """(full title, namespace id, title without namespace) as the wiki spells it.

        Uses the site information the wiki layer already has: no request. A
        trailing "/" (a prefix) is kept.
        """
        if self._normalise is not None:
            return self._normalise(title)
        tail = "/" if title.rstrip().endswith("/") else ""
        try:
            full, ns, rest = self.wiki.normalise_title(title.strip().rstrip("/"))
        except LdwgError as exc:
            raise LdwgError(f"{title!r}: {str(exc).split(': ', 1)[-1]}") from None
        return full + tail, ns, rest + tail

    # -- language names -------------------------------------------------------
    def autonyms(self, codes: Sequence[str]) -> tuple[dict[str, str], list[str]]:
        """(code -> native name, codes the wiki does not know).

        The first request also reads the page :attr:`peek` names (the table
        page), so an unchanged table costs no request of its own.
        """
        names: dict[str, str] = {}
        if not codes:
            return names, []
        for params in languageinfo_params(codes):
            if self.peek and self.peeked is None:
                params = {
                    **params,
                    "titles": self.peek,
                    "prop": "revisions",
                    "rvprop": "ids|content",
                    "rvslots": "main",
                }
            for data in self._follow(params):
                if self.peek and self.peeked is None:
                    self.peeked = _page_text(data)
                names.update(autonyms_from_response(data))
                info = (data.get("query") or {}).get("languageinfo") or {}
                names.update({code: code for code in info if code not in names})
        return names, [c for c in codes if c not in names]

    # -- the whole read ---------------------------------------------------------
    def read(
        self,
        pages: Sequence[str],
        prefix: str,
        languages: Sequence[str],
        *,
        all_languages: bool,
        exclude: Iterable[str] = (),
        where: str = "languages",
    ) -> Status:
        """Numbers of ``pages`` (+ pages under ``prefix``) in ``languages``
        (+ every language with a translation when ``all_languages``)."""
        for code in languages:
            if not is_language_code(code):
                raise ConfigError(f"{where}: expected a language code such as 'es' or 'pt-br', got {code!r}")
        configured = list(dict.fromkeys(self.normalise(t)[0] for t in pages))
        excluded = {self.normalise(t)[0] for t in exclude if t}
        configured = [t for t in configured if t not in excluded]
        languages = list(dict.fromkeys(languages))
        names: dict[str, str] = {}
        if languages:  # check the codes before anything else is read
            names, unknown = self.autonyms(languages)
            if unknown:
                raise ConfigError(
                    f"{where}: unknown language code{'s' if len(unknown) > 1 else ''} "
                    f"{', '.join(unknown)} (the wiki's meta=languageinfo does not know "
                    f"{'them' if len(unknown) > 1 else 'it'})"
                )
        uses_translate = self.wiki.has_extension("Translate")
        if uses_translate:
            status = self._with_translate(configured, prefix, languages, all_languages, excluded)
        else:
            status = self._without_translate(configured, prefix, languages, all_languages, excluded)
        new = [c for c in status.languages if c not in names]
        if new:
            found, unknown = self.autonyms(new)
            names.update(found)
            if unknown:  # only in all-languages mode: subpages whose name is no language
                status.dropped_languages = unknown
                status.languages = [c for c in status.languages if c not in unknown]
                status.cells = [c for c in status.cells if c.language not in unknown]
        status.names = names
        status.table_text = self.peeked
        status.requests = self.requests
        return status

    # -- with Translate ------------------------------------------------------------
    def _with_translate(
        self,
        configured: list[str],
        prefix: str,
        languages: list[str],
        all_languages: bool,
        excluded: set[str],
    ) -> Status:
        prefix_full = self.normalise(prefix)[0] if prefix else ""
        exact = configured[: MAX_FILTERS - (1 if prefix_full else 0)]
        filters = [group_id(t) for t in exact] + ([group_id(prefix_full) + "*"] if prefix_full else [])
        first = {
            "action": "query",
            "meta": "messagegroups",
            "mgroot": "all",
            "mgprop": "id|label|sourcelanguage",
            "mgfilter": "|".join(filters),
        }
        # One request checks the first 50 pages (exists? translatable?); the rest are
        # left to their messagegroupstats request, which says "not translatable" for a
        # missing page too -- so P pages cost 2 + P requests, never 2 + P + P/50.
        batches = [configured[:TITLES_PER_REQUEST]]
        info: dict[str, dict] = {}
        groups: dict[str, dict] = {}
        for batch in batches:
            params = dict(first)
            if batch:
                params.update(titles="|".join(batch), prop="info")
            data = self.request(params)
            query = data.get("query") or {}
            aliases = {x["to"]: x["from"] for x in query.get("normalized", [])}
            for page in query.get("pages", []):
                info[aliases.get(page["title"], page["title"])] = page
            for group in query.get("messagegroups", []):
                groups[group["id"]] = group

        problems: dict[str, str] = {}
        tracked: list[tuple[str, str]] = []  # (title, source language)
        for title in configured:
            page = info.get(title, {})
            if page.get("missing") or page.get("invalid"):
                problems[title] = PAGE_MISSING
            elif group_id(title) in groups:
                g = groups[group_id(title)]
                tracked.append((title, g.get("sourcelanguage") or page.get("pagelanguage") or "en"))
            elif title in exact:
                problems[title] = NOT_TRANSLATABLE_NOTE
            else:  # beyond the filter: messagegroupstats decides
                tracked.append((title, page.get("pagelanguage") or "en"))
        found = sorted(
            gid[len("page-") :] for gid in groups if gid.startswith("page-" + prefix_full) and prefix_full
        )
        for title in found:
            if title not in configured and title not in excluded:
                tracked.append((title, groups["page-" + title].get("sourcelanguage") or "en"))
                configured.append(title)

        stats: dict[str, GroupStats] = {}
        wanted = None if all_languages else set(languages)
        for title, source in progress(tracked, "pages"):
            result = fetch_group_stats(
                self.request,
                title,
                wanted=wanted,
                retries=self.retries,
                pause=self.pause,
                sleep=self.sleep,
                source_language=source,
            )
            if not result.translatable:
                problems[title] = NOT_TRANSLATABLE_NOTE
                continue
            stats[title] = result
        if all_languages:
            languages = sorted(set(languages) | set(languages_with_translations(stats.values())))
        cells: list[Cell] = []
        for title in configured:
            if title in stats:
                cells += cells_from_group_stats(stats[title], languages)
            else:
                cells += [Cell(title, code, NOT_TRANSLATABLE) for code in languages]
        incomplete = [t for t, s in stats.items() if s.incomplete_from is not None]
        return Status(
            pages=configured,
            languages=languages,
            cells=cells,
            names={},
            uses_translate=True,
            problems=problems,
            incomplete=incomplete,
        )

    # -- without Translate -----------------------------------------------------------
    def _without_translate(
        self,
        configured: list[str],
        prefix: str,
        languages: list[str],
        all_languages: bool,
        excluded: set[str],
    ) -> Status:
        specs = [self.normalise(t) for t in configured]
        prefix_spec = self.normalise(prefix) if prefix else None
        if prefix_spec or all_languages:
            queries = subpage_queries(
                [(ns, rest) for _full, ns, rest in specs + ([prefix_spec] if prefix_spec else [])]
            )
        else:
            queries = title_batches(configured, languages)
            budget = 1 + -(-len(configured) * len(languages) // 50)
            if len(queries) > budget:
                # Past one batch the source titles no longer fit in the budget of
                # 2 + ceil(P*L/50); a prefix query lists up to 500 pages a request.
                queries = subpage_queries([(ns, rest) for _full, ns, rest in specs])
        found: list = []
        for params in queries:
            for data in self._follow(params):
                found += pages_from_response(data)
        times = dict(found)
        source_language = self.wiki.content_language

        problems = {t: PAGE_MISSING for t in configured if t not in times}
        if prefix_spec:
            full, _ns, rest = prefix_spec
            ns_prefix = full[: len(full) - len(rest)]
            for title in sorted(times):
                if not title.startswith(full) or title in configured or title in excluded:
                    continue
                segments = title[len(ns_prefix) :].split("/")
                if any(is_language_code(s) for s in segments[1:]):
                    continue  # a translation (Title/es) or a page inside one
                configured.append(title)
        if all_languages:
            codes = set(languages)
            for title in configured:
                codes.update(
                    c
                    for c in find_subpages(title, found)
                    if is_language_code(c) and c not in (source_language, "qqq")
                )
            languages = sorted(codes)
        cells: list[Cell] = []
        for title in configured:
            if title in problems:
                cells += [Cell(title, code, NOT_TRANSLATABLE) for code in languages]
            else:
                cells += subpage_cells(
                    title,
                    found,
                    source_last_change(title, found),
                    languages=languages,
                    source_language=source_language,
                )
        return Status(
            pages=configured,
            languages=languages,
            cells=cells,
            names={},
            uses_translate=False,
            problems=problems,
        )


def _page_text(data: dict) -> str | None:
    """Text of the one page in an answer: "" when missing, None when not there."""
    for page in (data.get("query") or {}).get("pages") or []:
        if page.get("missing") or page.get("invalid"):
            return ""
        revisions = page.get("revisions") or []
        if revisions:
            return revisions[0].get("slots", {}).get("main", {}).get("content", "")
    return None


# ---------------------------------------------------------------- the table
