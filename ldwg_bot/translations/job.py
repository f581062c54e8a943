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
diff of the table and writes nothing (not even the history, nor an export
file: one line says what it would have been; ``--export -`` still prints).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence

from .. import i18n
from ..errors import LdwgError
from ..runtime.humanedits import BotHistory, GeneratedSection
from ..runtime.store import transaction
from ..runtime.textfile import write_atomic
from ..text import markers
from .export import export_rows, write_csv, write_json
from .history import History
from .model import Cell

# Reader and its constants live in .reader; re-exported for callers of the job module.
from .reader import MAX_FILTERS, NOT_TRANSLATABLE_NOTE, PAGE_MISSING, Reader, Status  # noqa: F401
from .table import parse_numbers, render_table, table_changed

log = logging.getLogger("ldwg_bot")

SECTION = "translation-status"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--export",
        metavar="FILE",
        help='write the numbers to FILE (.json, .csv; "-" prints JSON) instead of updating the table',
    )
    parser.add_argument("--format", choices=("json", "csv"), help="export format (default: from FILE)")
    parser.add_argument("--update-table", action="store_true", help="with --export: update the table as well")
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        metavar="TITLE",
        help="track this page (repeatable; with --export or --api)",
    )
    parser.add_argument("--prefix", metavar="TEXT", help="track every translatable page under TEXT")
    parser.add_argument(
        "--language",
        action="append",
        default=[],
        metavar="CODE",
        help="this language instead of the config's (repeatable)",
    )
    parser.add_argument("--all-languages", action="store_true", help="every language with any translation")
    parser.add_argument(
        "--api", metavar="URL", help="read-only: the api.php of any wiki (no config, no account, no edit)"
    )
    parser.add_argument("--store", metavar="FILE", help="the SQLite store (default: the config's)")
    parser.add_argument(
        "--cache-retries",
        type=int,
        default=3,
        metavar="N",
        help="follow-ups while Translate rebuilds its statistics (default 3)",
    )
    parser.add_argument(
        "--cache-pause",
        type=float,
        default=2.0,
        metavar="SEC",
        help="pause before each follow-up (default 2 s)",
    )


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
    return {p: p[len(root) + 1 :] for p in pages if p.startswith(root + "/") and len(p) > len(root) + 1}


def render(status: Status, as_of, previous, root: str = "", lang: str = "en") -> str:
    return render_table(
        status.cells,
        pages=status.pages,
        languages=status.languages,
        names=status.names,
        as_of=as_of,
        previous=previous,
        without_translate=() if status.uses_translate else status.pages,
        page_notes=dict(status.problems),
        page_labels=short_labels(status.pages, root),
        lang=lang,
    )


def table_transform(
    status: Status, as_of, previous: dict | None, root: str = "", lang: str = "en"
) -> Callable[[str | None], str]:
    """old page text -> new page text; the old text itself when no number changed.

    ``previous`` (numbers at the last edit, from the history) falls back to
    the numbers embedded in the table on the wiki. While Translate's cache is
    incomplete an existing table is left alone.
    """

    def transform(old: str | None) -> str:
        inner = markers.get_section(old, SECTION) if old else None
        if inner is not None and status.incomplete:
            return old or ""
        new = render(status, as_of, previous or previous_from_table(inner), root, lang)
        if inner is not None and not table_changed(inner, new):
            return old or ""
        return markers.upsert_section(old or "", SECTION, new)

    return transform


def update_table(ctx, group, status: Status) -> None:
    from ..wiki import EditResult  # not at import time: pywikibot is set up by the CLI first

    title = group.translations.table_page
    history = History(conn=ctx.store, scope=f"{ctx.wiki.key}:{title}")
    previous = history.numbers_at_last_edit()
    lang = ctx.wiki.content_language  # the page's language: the wiki's (issue 25)
    summary = i18n.message(lang, "ldwg-bot-status-edit-summary", len(status.pages), len(status.languages))
    transform = table_transform(status, ctx.now, previous, group.root, lang)
    # a human edit inside the markers is replaced, and the report says so with its diff
    section = GeneratedSection(
        ctx.store, "translation-status", ctx.wiki.key, title, SECTION, history=BotHistory(ctx.wiki)
    )
    if status.table_text and transform(status.table_text) == status.table_text:
        # read along with the language names a moment ago and nothing to change:
        # no save path at all (a human edit since then is seen by the next run)
        result = EditResult(title, changed=False, saved=False)
        section.already_there(status.table_text, result, ctx.report)
    else:
        result = ctx.wiki.edit(title, section.wrap(transform), summary)
        section.finish(result, ctx.report)
    if not ctx.simulate:
        # the run and whether the wiki shows its numbers, in one commit; shown when saved now,
        # or when the wiki holds this very table already (a run that stopped before recording
        # its save left it there) while the store's last edit had other numbers
        shown = not result.changed and previous != {c.key: c.percent for c in status.cells}
        with transaction(ctx.store):
            run_id = history.record_run(ctx.now, status.cells)
            if result.saved or shown or section.recovered:
                history.mark_edited(run_id)
    if result.changed:
        ctx.report.changed(title, ctx.wiki.url(title), "translation status table", simulated=not result.saved)
        ctx.report.count("tables saved" if result.saved else "tables to save")
    else:
        ctx.report.unchanged.append(title)
        ctx.report.count("tables unchanged")
        if status.incomplete:
            ctx.report.notes.append(f"{title}: left as it is while Translate rebuilds its statistics")


# ---------------------------------------------------------------- export


def export(
    path: str,
    fmt: str | None,
    cells: list[Cell],
    url: str,
    *,
    simulate: bool = False,
    notes: list[str] | None = None,
) -> int:
    """Write the rows; returns their number. ``notes`` gets the line saying where they went,
    or, under -simulate, that the file was not written (standard output still is)."""
    if fmt is None:
        lower = path.lower()
        if path == "-" or lower.endswith(".json"):
            fmt = "json"
        elif lower.endswith(".csv"):
            fmt = "csv"
        else:
            raise LdwgError(
                f"--export {path}: expected a .json or .csv file name, or - (or say which with --format)"
            )
    rows = export_rows(cells, article_url=url)
    writer = write_csv if fmt == "csv" else write_json
    if path == "-":
        writer(rows, sys.stdout)
        sys.stdout.flush()
        skipped = None
    else:
        try:
            skipped = write_atomic(
                path, lambda fh: writer(rows, fh), simulate=simulate, what=f"export of {len(rows)} row(s)"
            )
        except OSError as exc:
            raise LdwgError(f"--export {path}: cannot write: {exc.strerror or exc}") from None
    if notes is not None:
        notes.append(
            skipped or f"exported {len(rows)} row(s) to {'standard output' if path == '-' else path}"
        )
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
        message = (
            f"{head}Translate is still computing the numbers of "
            f"{', '.join(status.incomplete)}; unknown languages are shown as '?'"
        )
        ctx.report.warnings.append(message)
        log.debug("%s", message)
    if status.dropped_languages:
        ctx.report.notes.append(
            f"{head}not language codes on this wiki, left out: {', '.join(status.dropped_languages)}"
        )
    ctx.report.count("pages", len(status.pages))
    ctx.report.count("languages", len(status.languages))
    ctx.report.count("read requests", status.requests)
    log.debug(
        "%s%d page(s) x %d language(s) in %d read request(s), Translate: %s",
        head,
        len(status.pages),
        len(status.languages),
        status.requests,
        status.uses_translate,
    )


def run_readonly(ctx) -> None:
    args = ctx.args
    if not args.page and not args.prefix:
        raise LdwgError("--api: give the pages to read with --page TITLE (repeatable) or --prefix TEXT")
    if args.update_table:
        raise LdwgError("--api is read-only: --update-table cannot be used with it")
    status = _reader(ctx).read(
        args.page,
        args.prefix or "",
        args.language,
        all_languages=args.all_languages or not args.language,
        where="--language",
    )
    _report_status(ctx, status)
    export(
        args.export or "-",
        args.format,
        status.cells,
        ctx.wiki.article_url,
        simulate=ctx.simulate,
        notes=ctx.report.notes,
    )


def run(ctx) -> None:
    args = ctx.args
    if getattr(args, "api", None):
        return run_readonly(ctx)
    overrides = bool(args.page or args.prefix or args.language or args.all_languages)
    if overrides and (not args.export or args.update_table):
        raise LdwgError(
            "--page/--prefix/--language/--all-languages change what is measured: use "
            "them with --export (without --update-table) or --api, or change "
            "[group.translations] in the config"
        )
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
        status = reader.read(
            pages, prefix, languages, all_languages=all_languages, exclude=[t.table_page], where=where
        )
        _report_status(ctx, status, group.name if len(groups) > 1 else "")
        exported += status.cells
        if not args.export or args.update_table:
            update_table(ctx, group, status)
    if args.export:
        export(
            args.export,
            args.format,
            exported,
            ctx.wiki.article_url,
            simulate=ctx.simulate,
            notes=ctx.report.notes,
        )


__all__ = [
    "Reader",
    "Status",
    "SECTION",
    "add_arguments",
    "run",
    "table_transform",
    "export",
    "previous_from_table",
    "render",
]
