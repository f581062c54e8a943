"""Keep the translation status table current; export the numbers.

Usage::

    ldwg-bot [-simulate] translation-status [--group NAME] [--store FILE]
    ldwg-bot translation-status --export FILE|- [--format json|csv] [--update-table]
             [--page TITLE ...] [--prefix TEXT] [--language CODE ... | --all-languages]
    ldwg-bot translation-status --api URL (--page TITLE ... | --prefix TEXT)
             [--language CODE ...] [--export FILE|-]

What is tracked: the pages of ``translations.pages`` and, with
``translations.prefix``, every translatable page whose title starts with it
(without Translate: every page under the prefix that is not itself a
language subpage); the table page is never tracked. Languages: the group's
``languages``, or with ``translations.all_languages = true`` every language
that has any translation of a tracked page (plus the listed ones).

With the Translate extension (detected from the wiki) the numbers are
Translate's own (``meta=messagegroupstats``): percent as its language bar
shows it, fuzzy units counted as outdated. When Translate is still
rebuilding its statistics cache the job waits a little and retries
(--cache-retries, --cache-pause); languages still missing are shown as
unknown ("?"), never as 0 %, and the table is then left as it is.
Without Translate the language subpages ``<Title>/<code>`` are found in a
few batched queries; a subpage changed before the source page's last change
is outdated, otherwise current, and an absent one missing.

The table goes between ``<!-- ldwg-bot:translation-status:start -->`` and
``...:end -->`` on ``translations.table_page`` (added at the end when the
markers are not there yet; text outside them is never changed). It is a
sortable wikitable: a row per language (code, native name), a column per
page, a totals row, the data time, links to each translation and to
Special:Translate, and "(+12%)" for the change since the table was last
edited (history in the SQLite store). The page is edited only when a
number, page or language changed, never for the time alone. A tracked page
that is missing or not translatable is marked in its column heading and
logged; the other pages are measured as usual.

Read requests: with Translate at most 2 + P for P pages (one request finds
the pages, one names the languages, one per page for the numbers); without
Translate 2 + ceil(P * L / 50) for L languages. Saving reads the table page
once more.

Options:
  --export FILE        write the numbers to FILE (.json or .csv; "-" prints JSON)
                       instead of updating the table
  --format json|csv    the export format when the file name does not tell
  --update-table       with --export: update the table as well
  --page TITLE         track this page instead of the config's (repeatable;
                       with --export or --api only)
  --prefix TEXT        track every translatable page under this prefix
  --language CODE      these languages instead of the config's (repeatable)
  --all-languages      every language with any translation
  --api URL            read-only: any wiki's api.php, no config, no account;
                       nothing is written to the wiki, the export goes to
                       --export (default "-")
  --store FILE         the SQLite store (default: the config's store)
  --cache-retries N    follow-ups of an unmoved continuation (default 3)
  --cache-pause SEC    pause before each follow-up (default 2)

Config keys ([group.translations]): pages, prefix, table_page,
all_languages; [[group]] languages. Exit 1 with one line for an unknown
language code, a bad option or a wiki that refuses; -simulate prints the
diff of the table and writes nothing (not even the history).
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import markers
from ..config import LANG_CODE_RE
from ..errors import ConfigError, LdwgError
from ..progress import progress
from .export import export_rows, write_csv, write_json
from .history import History
from .model import NOT_TRANSLATABLE, Cell
from .stats import GroupStats, cells_from_group_stats, fetch_group_stats, group_id, \
    languages_with_translations
from .subpages import LANGUAGE_CODE_RE, find_subpages, pages_from_response, source_last_change, \
    subpage_cells, subpage_queries, title_batches
from .table import autonyms_from_response, languageinfo_params, parse_numbers, render_table, \
    table_changed

log = logging.getLogger("ldwg_bot")

SECTION = "translation-status"
PAGE_MISSING = "page missing"
NOT_TRANSLATABLE_NOTE = "not translatable"
MAX_FILTERS = 50        # values of one multi-value parameter without apihighlimits
TITLES_PER_REQUEST = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--export", metavar="FILE",
                        help='write the numbers to FILE (.json, .csv; "-" prints JSON) '
                             "instead of updating the table")
    parser.add_argument("--format", choices=("json", "csv"), help="export format (default: from FILE)")
    parser.add_argument("--update-table", action="store_true",
                        help="with --export: update the table as well")
    parser.add_argument("--page", action="append", default=[], metavar="TITLE",
                        help="track this page (repeatable; with --export or --api)")
    parser.add_argument("--prefix", metavar="TEXT", help="track every translatable page under TEXT")
    parser.add_argument("--language", action="append", default=[], metavar="CODE",
                        help="this language instead of the config's (repeatable)")
    parser.add_argument("--all-languages", action="store_true",
                        help="every language with any translation")
    parser.add_argument("--api", metavar="URL",
                        help="read-only: the api.php of any wiki (no config, no account, no edit)")
    parser.add_argument("--store", metavar="FILE", help="the SQLite store (default: the config's)")
    parser.add_argument("--cache-retries", type=int, default=3, metavar="N",
                        help="follow-ups while Translate rebuilds its statistics (default 3)")
    parser.add_argument("--cache-pause", type=float, default=2.0, metavar="SEC",
                        help="pause before each follow-up (default 2 s)")


# ---------------------------------------------------------------- reading


@dataclass
class Status:
    """What one run found: the table's pages and languages and every cell."""

    pages: list[str]
    languages: list[str]
    cells: list[Cell]
    names: dict[str, str]
    uses_translate: bool
    problems: dict[str, str] = field(default_factory=dict)   # page -> PAGE_MISSING / not translatable
    incomplete: list[str] = field(default_factory=list)      # pages Translate had partial numbers for
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

    def __init__(self, wiki, *, retries: int = 3, pause: float = 2.0,
                 sleep: Callable[[float], object] = time.sleep,
                 normalise: Callable[[str], tuple[str, int, str]] | None = None):
        self.wiki = wiki
        self._normalise = normalise
        self.peek: str | None = None        # a page to read along (the table page)
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
        cont: dict = {}
        while True:
            data = self.request({**params, **cont})
            yield data
            if "continue" not in data:
                return
            cont = data["continue"]

    # -- titles ---------------------------------------------------------------
    def normalise(self, title: str) -> tuple[str, int, str]:
        """(full title, namespace id, title without namespace) as the wiki spells it.

        Uses the site information pywikibot already has: no request. A
        trailing "/" (a prefix) is kept.
        """
        if self._normalise is not None:
            return self._normalise(title)
        import pywikibot

        slash = title.rstrip().endswith("/")
        try:
            page = pywikibot.Page(self.wiki.site, title.strip().rstrip("/"))
        except (pywikibot.exceptions.Error, ValueError) as exc:
            raise LdwgError(f"{title!r}: not a valid page title ({exc})") from None
        tail = "/" if slash else ""
        return page.title() + tail, page.namespace().id, page.title(with_ns=False) + tail

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
                params = {**params, "titles": self.peek, "prop": "revisions",
                          "rvprop": "ids|content", "rvslots": "main"}
            for data in self._follow(params):
                if self.peek and self.peeked is None:
                    self.peeked = _page_text(data)
                names.update(autonyms_from_response(data))
                info = (data.get("query") or {}).get("languageinfo") or {}
                names.update({code: code for code in info if code not in names})
        return names, [c for c in codes if c not in names]

    # -- the whole read ---------------------------------------------------------
    def read(self, pages: Sequence[str], prefix: str, languages: Sequence[str], *,
             all_languages: bool, exclude: Iterable[str] = (),
             where: str = "languages") -> Status:
        """Numbers of ``pages`` (+ pages under ``prefix``) in ``languages``
        (+ every language with a translation when ``all_languages``)."""
        for code in languages:
            if not LANG_CODE_RE.match(code):
                raise ConfigError(f"{where}: expected a language code such as 'es' or 'pt-br', "
                                  f"got {code!r}")
        configured = list(dict.fromkeys(self.normalise(t)[0] for t in pages))
        excluded = {self.normalise(t)[0] for t in exclude if t}
        configured = [t for t in configured if t not in excluded]
        languages = list(dict.fromkeys(languages))
        names: dict[str, str] = {}
        if languages:  # check the codes before anything else is read
            names, unknown = self.autonyms(languages)
            if unknown:
                raise ConfigError(f"{where}: unknown language code{'s' if len(unknown) > 1 else ''} "
                                  f"{', '.join(unknown)} (the wiki's meta=languageinfo does not know "
                                  f"{'them' if len(unknown) > 1 else 'it'})")
        uses_translate = self.wiki.site.has_extension("Translate")
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
    def _with_translate(self, configured: list[str], prefix: str, languages: list[str],
                        all_languages: bool, excluded: set[str]) -> Status:
        prefix_full = self.normalise(prefix)[0] if prefix else ""
        exact = configured[:MAX_FILTERS - (1 if prefix_full else 0)]
        filters = [group_id(t) for t in exact] + ([group_id(prefix_full) + "*"] if prefix_full else [])
        first = {"action": "query", "meta": "messagegroups", "mgroot": "all",
                 "mgprop": "id|label|sourcelanguage", "mgfilter": "|".join(filters)}
        # One request checks the first 50 pages (exists? translatable?); the rest are
        # left to their messagegroupstats request, which says "not translatable" for a
        # missing page too -- so P pages cost 2 + P requests, never 2 + P + P/50.
        batches = [configured[:TITLES_PER_REQUEST]]
        info: dict[str, dict] = {}
        groups: dict[str, dict] = {}
        for n, batch in enumerate(batches):
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
        tracked: list[tuple[str, str]] = []          # (title, source language)
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
        found = sorted(gid[len("page-"):] for gid in groups
                       if gid.startswith("page-" + prefix_full) and prefix_full)
        for title in found:
            if title not in configured and title not in excluded:
                tracked.append((title, groups["page-" + title].get("sourcelanguage") or "en"))
                configured.append(title)

        stats: dict[str, GroupStats] = {}
        wanted = None if all_languages else set(languages)
        for title, source in progress(tracked, "pages"):
            result = fetch_group_stats(self.request, title, wanted=wanted, retries=self.retries,
                                       pause=self.pause, sleep=self.sleep, source_language=source)
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
        return Status(pages=configured, languages=languages, cells=cells, names={},
                      uses_translate=True, problems=problems, incomplete=incomplete)

    # -- without Translate -----------------------------------------------------------
    def _without_translate(self, configured: list[str], prefix: str, languages: list[str],
                           all_languages: bool, excluded: set[str]) -> Status:
        specs = [self.normalise(t) for t in configured]
        prefix_spec = self.normalise(prefix) if prefix else None
        if prefix_spec or all_languages:
            queries = subpage_queries([(ns, rest) for _full, ns, rest in
                                       specs + ([prefix_spec] if prefix_spec else [])])
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
        source_language = self.wiki.site.siteinfo["general"].get("lang", "en")

        problems = {t: PAGE_MISSING for t in configured if t not in times}
        if prefix_spec:
            full, _ns, rest = prefix_spec
            ns_prefix = full[:len(full) - len(rest)]
            for title in sorted(times):
                if not title.startswith(full) or title in configured or title in excluded:
                    continue
                segments = title[len(ns_prefix):].split("/")
                if any(LANGUAGE_CODE_RE.match(s) for s in segments[1:]):
                    continue        # a translation (Title/es) or a page inside one
                configured.append(title)
        if all_languages:
            codes = set(languages)
            for title in configured:
                codes.update(c for c in find_subpages(title, found)
                             if LANGUAGE_CODE_RE.match(c) and c not in (source_language, "qqq"))
            languages = sorted(codes)
        cells: list[Cell] = []
        for title in configured:
            if title in problems:
                cells += [Cell(title, code, NOT_TRANSLATABLE) for code in languages]
            else:
                cells += subpage_cells(title, found, source_last_change(title, found),
                                       languages=languages, source_language=source_language)
        return Status(pages=configured, languages=languages, cells=cells, names={},
                      uses_translate=False, problems=problems)


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


def previous_from_table(inner: str | None) -> dict[tuple[str, str], int | None]:
    """(page, language) -> percent embedded in the table as it is on the wiki."""
    data = parse_numbers(inner)
    if not data:
        return {}
    return {(row[0], row[1]): row[3] for row in data.get("cells", [])}


def short_labels(pages: Sequence[str], root: str) -> dict[str, str]:
    """Column headings: "Updates" for "<root>/Updates"; other titles stay whole."""
    root = root.replace("_", " ").strip().rstrip("/")
    if not root:
        return {}
    return {p: p[len(root) + 1:] for p in pages if p.startswith(root + "/") and len(p) > len(root) + 1}


def render(status: Status, as_of, previous, root: str = "") -> str:
    return render_table(status.cells, pages=status.pages, languages=status.languages,
                        names=status.names, as_of=as_of, previous=previous,
                        without_translate=() if status.uses_translate else status.pages,
                        page_notes=dict(status.problems),
                        page_labels=short_labels(status.pages, root))


def table_transform(status: Status, as_of, previous: dict | None,
                    root: str = "") -> Callable[[str | None], str]:
    """old page text -> new page text; the old text itself when no number changed.

    ``previous`` (numbers at the last edit, from the history) falls back to
    the numbers embedded in the table on the wiki. While Translate's cache is
    incomplete an existing table is left alone.
    """
    def transform(old: str | None) -> str:
        inner = markers.get_section(old, SECTION) if old else None
        if inner is not None and status.incomplete:
            return old
        new = render(status, as_of, previous or previous_from_table(inner), root)
        if inner is not None and not table_changed(inner, new):
            return old
        return markers.upsert_section(old or "", SECTION, new)
    return transform


def update_table(ctx, group, status: Status) -> None:
    from ..wiki import EditResult   # not at import time: pywikibot is set up by the CLI first

    title = group.translations.table_page
    history = History(conn=ctx.store, scope=f"{ctx.wiki.site}:{title}")
    previous = history.numbers_at_last_edit()
    summary = (f"Translation status: {len(status.pages)} page(s), "
               f"{len(status.languages)} language(s)")
    transform = table_transform(status, ctx.now, previous, group.root)
    if status.table_text and transform(status.table_text) == status.table_text:
        # read along with the language names a moment ago and nothing to change:
        # no save path at all (a human edit since then is seen by the next run)
        result = EditResult(title, changed=False, saved=False)
    else:
        result = ctx.wiki.edit(title, transform, summary)
    if not ctx.simulate:
        run_id = history.record_run(ctx.now, status.cells)
        if result.saved:
            history.mark_edited(run_id)
    if result.changed:
        ctx.report.changed(title, ctx.wiki.url(title), "translation status table",
                           simulated=not result.saved)
        ctx.report.count("tables saved" if result.saved else "tables to save")
    else:
        ctx.report.unchanged.append(title)
        ctx.report.count("tables unchanged")
        if status.incomplete:
            ctx.report.notes.append(f"{title}: left as it is while Translate rebuilds its statistics")


# ---------------------------------------------------------------- export


def article_url(wiki) -> str:
    site = wiki.site
    return site.base_url(site.articlepath.format("$1"))


def export(path: str, fmt: str | None, cells: list[Cell], url: str) -> int:
    """Write the rows; returns their number."""
    if fmt is None:
        lower = path.lower()
        if path == "-" or lower.endswith(".json"):
            fmt = "json"
        elif lower.endswith(".csv"):
            fmt = "csv"
        else:
            raise LdwgError(f"--export {path}: expected a .json or .csv file name, or - "
                            "(or say which with --format)")
    rows = export_rows(cells, article_url=url)
    writer = write_csv if fmt == "csv" else write_json
    if path == "-":
        writer(rows, sys.stdout)
        sys.stdout.flush()
        return len(rows)
    target = Path(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".ldwg-export-", dir=target.parent or Path("."))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            writer(rows, fh)
        os.replace(tmp, target)
    except OSError as exc:
        raise LdwgError(f"--export {path}: cannot write: {exc.strerror or exc}") from None
    return len(rows)


# ---------------------------------------------------------------- the job


def _reader(ctx) -> Reader:
    args = ctx.args
    if args.cache_retries < 0 or args.cache_pause < 0:
        raise LdwgError("--cache-retries and --cache-pause: expected numbers >= 0")
    return Reader(ctx.wiki, retries=args.cache_retries, pause=args.cache_pause)


def _report_status(ctx, status: Status, label: str = "") -> None:
    head = f"{label}: " if label else ""
    for page, why in status.problems.items():
        message = f"{head}{page}: {why}; its cells say so, the other pages were measured"
        ctx.report.warnings.append(message)
        log.debug("%s", message)
    if status.incomplete:
        message = (f"{head}Translate is still computing the numbers of "
                   f"{', '.join(status.incomplete)}; unknown languages are shown as '?'")
        ctx.report.warnings.append(message)
        log.debug("%s", message)
    if status.dropped_languages:
        ctx.report.notes.append(f"{head}not language codes on this wiki, left out: "
                                f"{', '.join(status.dropped_languages)}")
    ctx.report.count("pages", len(status.pages))
    ctx.report.count("languages", len(status.languages))
    ctx.report.count("read requests", status.requests)
    log.debug("%s%d page(s) x %d language(s) in %d read request(s), Translate: %s", head,
              len(status.pages), len(status.languages), status.requests, status.uses_translate)


def run_readonly(ctx) -> None:
    args = ctx.args
    if not args.page and not args.prefix:
        raise LdwgError("--api: give the pages to read with --page TITLE (repeatable) or --prefix TEXT")
    if args.update_table:
        raise LdwgError("--api is read-only: --update-table cannot be used with it")
    status = _reader(ctx).read(args.page, args.prefix or "", args.language,
                               all_languages=args.all_languages or not args.language,
                               where="--language")
    _report_status(ctx, status)
    target = args.export or "-"
    n = export(target, args.format, status.cells, article_url(ctx.wiki))
    ctx.report.notes.append(f"exported {n} row(s) to {'standard output' if target == '-' else target}")


def run(ctx) -> None:
    args = ctx.args
    if getattr(args, "api", None):
        return run_readonly(ctx)
    overrides = bool(args.page or args.prefix or args.language or args.all_languages)
    if overrides and (not args.export or args.update_table):
        raise LdwgError("--page/--prefix/--language/--all-languages change what is measured: use "
                        "them with --export (without --update-table) or --api, or change "
                        "[group.translations] in the config")
    if args.format and not args.export:
        raise LdwgError("--format is for --export")
    cfg = ctx.config
    if args.group:
        groups = [cfg.group(args.group)]
    else:
        groups = [g for g in cfg.groups if g.translations.pages or g.translations.prefix]
    groups = [g for g in groups if overrides or g.translations.pages or g.translations.prefix]
    if not groups:
        ctx.report.notes.append("no group has translations.pages or translations.prefix; nothing to do")
        return
    exported: list[Cell] = []
    reader = _reader(ctx)
    for group in groups:
        t = group.translations
        where = f"{cfg.source}: group[{cfg.groups.index(group)}].languages"
        if overrides:
            pages = args.page if (args.page or args.prefix) else t.pages
            prefix = args.prefix or ("" if args.page else t.prefix)
            languages = args.language or ([] if args.all_languages else list(group.languages))
            all_languages = args.all_languages or (not args.language and t.all_languages)
            where = "--language" if args.language else where
        else:
            pages, prefix = t.pages, t.prefix
            languages, all_languages = list(group.languages), t.all_languages
        reader.requests, reader.peek, reader.peeked = 0, None, None
        if not args.export or args.update_table:
            reader.peek = reader.normalise(t.table_page)[0]
        status = reader.read(pages, prefix, languages, all_languages=all_languages,
                             exclude=[t.table_page], where=where)
        _report_status(ctx, status, group.name if len(groups) > 1 else "")
        exported += status.cells
        if not args.export or args.update_table:
            update_table(ctx, group, status)
    if args.export:
        n = export(args.export, args.format, exported, article_url(ctx.wiki))
        ctx.report.notes.append(f"exported {n} row(s) to "
                                f"{'standard output' if args.export == '-' else args.export}")


__all__ = ["Reader", "Status", "SECTION", "add_arguments", "run", "table_transform", "export",
           "previous_from_table", "render"]
