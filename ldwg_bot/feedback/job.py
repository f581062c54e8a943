"""Collect comments from talk pages into the local store; keep the summary page current.

Usage::

    ldwg-bot collect-feedback [-simulate] [--group NAME] [--page TITLE] [--export FILE]
    ldwg-bot collect-feedback --import-csv FILE --source LABEL [--language CODE]
    ldwg-bot collect-feedback --api URL --page TITLE [--prefix PREFIX] [--store PATH] --export FILE

Each run checks every configured talk page with one batched ``prop=info``
request (pages under a prefix are listed in the same request), reads only the
pages whose latest revision changed (their revisions since the last run, 50 a
request), parses their signed comments (author, UTC time, thread, reply-to,
DiscussionTools id), finds the edit that added each new one and checks its
signature against that edit, and stores them in SQLite: comments are marked
``new``, ``edited`` (text changed), ``moved`` (pasted under another heading)
or ``removed`` (kept, never deleted) -- removed only by a revision: a page that
became a redirect (moved) or vanished keeps its comments and is reported, with
its target. Then it rewrites the part of the summary page between
``<!-- ldwg-bot:feedback-summary:start/end -->`` -- totals, threads, languages,
unanswered threads, signatures to check, newest comments -- and edits only
when that text changed.
Under ``-simulate`` it prints the diff and works on an in-memory copy of the
store, so nothing is written, no export file either (``--export -`` still
prints). The wiki is read first; the store is written after, in one short
transaction.

Forum topics (``[group.forum]`` url, topics, language) are read whole on
every run, ``ceil(posts/20)`` requests per topic (see
:mod:`ldwg_bot.forum.discourse`), and stored with ``source = "forum"`` (see
:mod:`.forum`); a topic that cannot be read is one error line, exit 1.

Read-only mode: ``--api https://example.org/w/api.php --page TITLE`` (or
``--prefix``) works on any wiki with no config file and no account; it never
writes to the wiki, only to the store (default: readonly.sqlite in ldwg-bot's
data folder) and the export (neither under ``-simulate``).

Config keys (``[group.feedback]`` of each ``[[group]]``)::

    talk_pages   = ["Talk:Leadership Development Working Group/Content", ...]
    prefixes     = ["Talk:Leadership Development Working Group/Content/"]  # list=allpages
    summary_page = "Leadership Development Working Group/Feedback summary"
    authorship_revisions = 50   # first run of a page: revisions read back to find who added what
    parse_budget_seconds = 20   # a page that takes longer to parse is skipped (one note)
    draft_page   = "Leadership Development Working Group/Content"   # link comments to its parts
    detect_languages = []      # languages a comment may be in, besides the group's languages
    language_threshold = 0.5

and ``store`` (top level) for the SQLite file. The comment's language is
detected from its own words (py3langid) among the plausible ones -- the wiki's
content language, the page's, the group's ``languages`` and
``detect_languages`` -- when its probability reaches ``language_threshold``;
otherwise it is the page language (``pagelanguage``, else a ``/<code>``
subpage suffix, else the wiki's content language). With ``draft_page`` each
comment is linked to the parts of the draft it quotes (8 words or 40
characters, in any language of the draft) or whose section its thread heading
names; the summary gets a table of feedback per part.

CSV import columns: ``author``, ``timestamp``, ``text`` (required),
``language``, ``thread``, ``id`` (optional); see --import-csv below.

Export fields (JSON array of objects, or CSV columns): id, parent_id, page,
revision, section, level, author, timestamp (2022-08-01T12:00:00Z), language,
text (without signature), permalink, source (``wiki`` or the import label),
status (new | edited | moved | removed | unchanged, for this run),
previous_id (the id before a ``moved`` comment was pasted under another
heading), added_in_revision, added_by, added_diff (the edit that added the
comment, found in the page's history) and signature_check (ok |
unsigned-template | moved | mismatch | future; see feedback/authorship.py),
language_detected, language_confidence, page_language, draft_parts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
from dataclasses import dataclass, field

from .. import i18n
from ..errors import LdwgError
from ..runtime.humanedits import BotHistory, GeneratedSection
from ..runtime.store import get_meta, set_meta, transaction
from ..runtime.terminal import say
from ..text import markers
from . import forum as forum_source
from . import store
from .collect import Collector, check_title, parse_pages, revision_signature
from .draft import DraftReader
from .export import export_format, write_export
from .forumread import read_topics
from .language import annotate
from .links import PartIndex
from .sources import import_group, read_csv
from .summary import render_summary

log = logging.getLogger("ldwg_bot")

SECTION = "feedback-summary"
#: Bump when the parser's output changes: every page is read and parsed again once.
PARSER_VERSION = "3"  # 3: language detected per comment
#: ``parser`` of a page whose revision was too slow to parse (not read again until it changes).
SKIPPED = "skipped-" + PARSER_VERSION


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--page",
        action="append",
        metavar="TITLE",
        help="work on this talk page only (repeatable); with --api: the pages to read",
    )
    parser.add_argument(
        "--prefix",
        action="append",
        metavar="PREFIX",
        help="scan every page whose title starts with PREFIX, e.g. 'Talk:Foo/' "
        "(repeatable; replaces the configured sources)",
    )
    parser.add_argument(
        "--export", metavar="FILE", help="write the comments to FILE: .json, .csv, or - for JSON on stdout"
    )
    parser.add_argument(
        "--import-csv",
        metavar="FILE",
        help="add survey answers / call notes from a CSV file (columns author, "
        "timestamp, text; optional language, thread, id); needs --source",
    )
    parser.add_argument(
        "--source",
        metavar="LABEL",
        help="label of the CSV import shown in the summary, e.g. 'Arabic community call'",
    )
    parser.add_argument(
        "--language",
        default="en",
        metavar="CODE",
        help="language of CSV rows without a language column (default: en)",
    )
    parser.add_argument(
        "--api", metavar="URL", help="read-only mode: a wiki's api.php; no config, no account, no edits"
    )
    parser.add_argument(
        "--store",
        metavar="PATH",
        help="SQLite store (default: the config's 'store'; with --api "
        "readonly.sqlite in ldwg-bot's data folder)",
    )
    parser.add_argument("--no-summary", action="store_true", help="collect and export only; no summary edit")


@dataclass
class Plan:
    """What one group asks for in this run."""

    name: str
    talk_pages: list[str]
    prefixes: list[str]
    summary_page: str = ""
    parse_budget: float = 20.0  # seconds per page
    authorship_revisions: int = 50
    scan_pages: list[str] = field(default_factory=list)  # read in this run (--page limits)
    scan_prefixes: list[str] = field(default_factory=list)
    forum: object = None  # the group's ForumConfig
    max_pages: int = 500  # pages a prefix may list
    languages: list[str] = field(default_factory=list)  # plausible comment languages
    threshold: float | None = None
    draft_page: str = ""
    parts: list = field(default_factory=list)  # of the draft, after the run read them


def _plans(ctx) -> list[Plan]:
    args = ctx.args
    pages = [check_title(p, "--page") for p in args.page or []]
    prefixes = [p for p in args.prefix or [] if p.strip()]
    if ctx.config is None:
        if not pages and not prefixes:
            raise LdwgError("--api needs --page TITLE or --prefix PREFIX: which pages to read")
        return [Plan("", pages, prefixes, "", scan_pages=pages, scan_prefixes=prefixes)]
    groups = [ctx.config.group(args.group)] if args.group else list(ctx.config.groups)
    plans = []
    for g in groups:
        fb = g.feedback
        if not (fb.talk_pages or fb.prefixes or g.forum.topics):
            ctx.report.notes.append(f"group {g.name}: no [group.feedback] talk_pages or prefixes; skipped")
            continue
        plan = Plan(
            g.name,
            list(fb.talk_pages),
            list(fb.prefixes),
            "" if args.no_summary else fb.summary_page,
            fb.parse_budget_seconds,
            fb.authorship_revisions,
            max_pages=fb.max_pages,
            languages=[*g.languages, *fb.detect_languages],
            threshold=fb.language_threshold,
            draft_page=fb.draft_page,
        )
        plan.forum = g.forum
        if pages or prefixes:
            plan.scan_pages, plan.scan_prefixes = pages, prefixes
        else:
            plan.scan_pages, plan.scan_prefixes = list(fb.talk_pages), list(fb.prefixes)
        plans.append(plan)
    if not plans:
        raise LdwgError(
            f"{ctx.config.source}: no group has [group.feedback] talk_pages or prefixes, "
            "nor [group.forum] topics"
        )
    return plans


def run(ctx) -> None:
    args = ctx.args
    if args.export:
        export_format(args.export)
    if args.source and not args.import_csv:
        raise LdwgError("--source labels a CSV import; give --import-csv FILE too")
    if args.source and " ".join(args.source.split()) in ("wiki", forum_source.SOURCE):
        raise LdwgError(f"--source {args.source!r}: that label is the bot's own; choose another")
    plans = _plans(ctx)
    imported = read_csv(args.import_csv, args.source or "", args.language) if args.import_csv else None
    if args.export == "-":
        ctx.report.notes.append("comments written to standard output")
    conn = ctx.store
    store.ensure_schema(conn)  # executescript: its own statements, idempotent
    wiki = ctx.wiki
    if args.export == "-":
        wiki.out = lambda s: say(s, file=sys.stderr)
    key = wiki.key
    label = " ".join((args.source or "").split())
    target = import_group(conn, key, label, args.group, plans[0].name) if imported else ""
    coll = Collector(wiki, conn, key, ctx.now)
    coll.plausible = list(dict.fromkeys(c for plan in plans for c in plan.languages))
    coll.threshold = next((plan.threshold for plan in plans if plan.threshold is not None), None)
    simulate = ctx.simulate and ctx.config is not None
    # Read everything from the wiki first; SQLite's write lock is taken only after.
    known = store.known_pages(conn, key)
    scan_pages = list(dict.fromkeys(p for plan in plans for p in plan.scan_pages))
    scan_prefixes = list(dict.fromkeys(p for plan in plans for p in plan.scan_prefixes))
    under = [t for t in known if any(t.startswith(p) for p in scan_prefixes)]
    summaries = list(dict.fromkeys(plan.summary_page for plan in plans if plan.summary_page))
    drafts = {
        plan.draft_page: DraftReader(coll, conn, key, plan.draft_page) for plan in plans if plan.draft_page
    }
    watched = [t for reader in drafts.values() for t in reader.watched()]
    max_pages = max(plan.max_pages for plan in plans)
    info = coll.info(scan_pages + under + summaries + watched, scan_prefixes, max_pages)
    identity_key = f"feedback:identity:{key}"
    other_wiki = bool(info.identity) and get_meta(conn, identity_key) not in (None, info.identity)
    if other_wiki:
        ctx.report.notes.append(
            f"{key}: another wiki answers at this address than last time (siteinfo); every page is read again"
        )
    listed = [t for p in scan_prefixes for t in info.listed.get(p, [])]
    scope = list(dict.fromkeys(scan_pages + under + listed))
    gone, to_read = [], []
    for title in scope:
        page = info.pages.get(title)
        old = known.get(title)
        if title in info.redirects:
            # moved: its comments stay as they are (only a revision removes a comment)
            ctx.report.warnings.append(
                f"{title} is now a redirect to {info.redirects[title]}; "
                "update feedback.talk_pages (its comments are kept)"
            )
            continue
        if page is None and title in listed:
            to_read.append(title)  # a new page under a prefix: its read has the info
            continue
        if page is None or page.get("missing") or page.get("invalid"):
            if old is not None and old["present"]:
                # deleted, or moved without a redirect: not a revision that removed comments
                ctx.report.warnings.append(
                    f"{title}: the page no longer exists (deleted, or moved "
                    "without a redirect); its comments are kept; update "
                    "feedback.talk_pages"
                )
                continue
            gone.append(title)
            if title in scan_pages:
                ctx.report.notes.append(f"{title}: page does not exist (yet)")
            continue
        if (
            not other_wiki
            and old is not None
            and old["parser"] == SKIPPED
            and old["revid"] == page.get("lastrevid")
            and old["revsig"] == revision_signature(page)
        ):
            ctx.report.notes.append(
                f"{title}: still skipped: revision {old['revid']} took longer "
                "than the parse budget; it is read again once the page changes"
            )
            continue
        if (
            other_wiki
            or old is None
            or not old["present"]
            or old["revid"] != page.get("lastrevid")
            or old["revsig"] != revision_signature(page)
            or old["parser"] != PARSER_VERSION
        ):
            to_read.append(title)
    ctx.report.count("pages checked", len(scope))
    ctx.report.count("pages read", len(to_read))
    coll.budget = max(plan.parse_budget for plan in plans)
    latest = {t: (info.pages.get(t) or {}).get("lastrevid") for t in to_read}
    result = parse_pages(
        coll, to_read, {} if other_wiki else known, latest, max(plan.authorship_revisions for plan in plans)
    )
    for title, _, why, _ in result.skipped:
        # one clear line; the stored comments stay as they were, the run goes on
        ctx.report.notes.append(f"{title}: skipped: {why}; its stored comments are kept")
        log.warning("%s: skipped: %s", title, why)
    forum_topics = [] if (args.page or args.prefix) else read_topics(ctx, plans)
    for plan in plans:
        if plan.draft_page:
            plan.parts = drafts[plan.draft_page].fetch({} if other_wiki else info.pages)
            ctx.report.count("draft reads", drafts[plan.draft_page].requests)
            if not plan.parts:
                ctx.report.notes.append(
                    f"{plan.draft_page}: draft page not found; comments are not linked to parts"
                )
    detector = coll.detector()
    # every source: the language of the words themselves
    imported = None if imported is None else annotate(imported, detector)
    forum_topics = [t._replace(records=annotate(t.records, detector)) for t in forum_topics]
    with transaction(conn):  # one short write: nothing here waits for the network
        if other_wiki:
            store.forget_revisions(conn, key)
        if info.identity:
            set_meta(conn, identity_key, info.identity)
        store.reset_statuses(
            conn, key, scope, [s for plan in plans for s in store.csv_sources(conn, key, plan.name)]
        )
        if imported is not None:
            counts = store.apply_records(conn, key, label, "", imported, ctx.now, grp=target)
            ctx.report.notes.append(
                f"imported {len(imported)} rows from {args.import_csv} as "
                f"{label!r} into group {target!r}: {counts['new']} new, "
                f"{counts['edited']} edited, {counts['removed']} removed"
            )
        for title in gone:
            store.set_page(conn, key, title, None, "", False, ctx.now)
        for topic in forum_topics:
            put = store.apply_records(
                conn, key, forum_source.SOURCE, topic.page, topic.records, ctx.now, grp=topic.group
            )
            _count(ctx, put)
        for title, revid, _, revsig in result.skipped:
            store.set_page(
                conn,
                key,
                title,
                revid,
                known[title]["language"] if title in known else "",
                True,
                ctx.now,
                SKIPPED,
                revsig,
            )
        for title, revid, language, records, revsig in result.pages:
            _count(ctx, store.apply_records(conn, key, "wiki", title, records, ctx.now))
            store.set_page(
                conn, key, title, revid, language, revid is not None, ctx.now, PARSER_VERSION, revsig
            )
        for plan in plans:
            if plan.draft_page:
                drafts[plan.draft_page].save()
                _link_parts(ctx, conn, key, plan)
    for name in ("new", "edited", "moved", "removed"):
        ctx.report.counts.setdefault(name, 0)
    # the records are in the store now: their memory serves the summary and the export,
    # which read them back (a first run over 50 new pages peaked about 4 MB higher without this)
    del result, forum_topics
    for plan in plans:
        if plan.summary_page:
            _summary(ctx, conn, key, plan, info.pages.get(plan.summary_page) or {}, simulate)
    if args.export:
        pages = (
            scope
            if (args.page or args.prefix or ctx.config is None)
            else [t for plan in plans for t in _group_pages(conn, key, plan)]
        )
        groups = [plan.name for plan in plans] if not (args.page or args.prefix) else []
        rows = store.attach_links(
            conn, key, store.comments(conn, key, pages, [label] if imported else (), groups)
        )
        skipped = write_export([store.export_record(r) for r in rows], args.export, ctx.simulate)
        if skipped:
            ctx.report.notes.append(skipped)
        ctx.report.count("exported", len(rows))
    log.debug("%s: %d read requests of collect-feedback", key, coll.requests)


def _count(ctx, counts: dict[str, int]) -> None:
    for name in ("new", "edited", "moved", "removed"):
        ctx.report.count(name, counts[name])


def _link_parts(ctx, conn, key: str, plan: Plan) -> None:
    """Link the group's comments to the parts of its draft (pure matching, in the store)."""
    index = PartIndex(plan.parts)
    rows = store.comments(conn, key, _group_pages(conn, key, plan), (), [plan.name])
    links = {r.key: index.link(r.text, r.section) for r in rows}
    ctx.report.count("draft links changed", store.set_links(conn, key, rows, links))


def _group_pages(conn, key: str, plan: Plan) -> list[str]:
    known = store.known_pages(conn, key)
    under = [t for t, row in known.items() if row["present"] and any(t.startswith(p) for p in plan.prefixes)]
    return list(dict.fromkeys(plan.talk_pages + sorted(under)))


def _summary(ctx, conn, key: str, plan: Plan, page_info: dict, simulate: bool) -> None:
    """Render and save the summary; skip the wiki entirely when neither it nor the page changed."""
    rows = store.attach_links(
        conn, key, store.comments(conn, key, _group_pages(conn, key, plan), (), [plan.name])
    )
    lang = ctx.wiki.content_language  # the page's language: the wiki's (issue 25)
    content = render_summary(rows, parts=plan.parts, draft=plan.draft_page, lang=lang)
    digest = hashlib.sha256(content.encode()).hexdigest()
    meta_key = f"feedback:summary:{key}:{plan.summary_page}"
    saved = json.loads(get_meta(conn, meta_key) or "{}")
    if (
        saved.get("hash") == digest
        and saved.get("revid") == page_info.get("lastrevid")
        and not page_info.get("missing")
    ):
        ctx.report.unchanged.append(plan.summary_page)
        return
    wiki = ctx.wiki
    live = sum(1 for r in rows if r.status != "removed")
    del rows  # the rendered page is all the save needs; the rows' memory serves the save
    # a human edit inside the markers is replaced, and the report says so with its diff
    section = GeneratedSection(
        conn, "collect-feedback", key, plan.summary_page, SECTION, history=BotHistory(wiki)
    )

    def transform(old: str | None) -> str:
        return markers.upsert_section(old, SECTION, content) if old else markers.wrap(SECTION, content) + "\n"

    result = wiki.edit(
        plan.summary_page, section.wrap(transform), i18n.message(lang, "ldwg-bot-summary-edit-summary", live)
    )
    section.finish(result, ctx.report)
    if result.changed:
        ctx.report.changed(
            plan.summary_page,
            wiki.url(plan.summary_page),
            f"feedback summary ({live} comments)",
            simulated=simulate,
        )
    else:
        ctx.report.unchanged.append(plan.summary_page)
    if not simulate:
        set_meta(conn, meta_key, json.dumps({"hash": digest, "revid": result.revid}))
