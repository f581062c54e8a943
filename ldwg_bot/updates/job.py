"""Publish the monthly update: translatable page, index, latest-update box, digest.

Usage::

    ldwg-bot [-simulate] [-always] publish-update [--month YYYY-MM | --source FILE]
             [--draft [TITLE] --month YYYY-MM --title TEXT --summary TEXT [--announce]]
             [--digest FILE|-] [--no-mark] [--no-announce] [--group NAME]

Sources: every ``*.md`` file (YAML front matter: month, title, summary,
optional announce and priority_languages; Markdown below) of the group's
``updates.sources`` folder, published oldest first so the newest ends on
top. ``--month`` publishes one month of that folder, ``--source`` one file.
``--draft`` takes a wikitext draft page instead (``updates.draft_page`` or
TITLE), with month, title and summary from the options. Every source is
validated before the first write; a bad one is one line (file:line: field,
what to fix) and exit 1 with nothing written. So is every target page: the
bot may edit or create it, {{bots}}/{{nobots}} allow it, the new text is
under the wiki's maxarticlesize (:meth:`Wiki.write_problems`). A save that
still fails after others succeeded names the pages already written.

Writes (the plan, :mod:`.plan`), in this order, each through the safe-write layer (only between the
bot's markers, conflicts re-applied on the new revision, no edit when
nothing changed; a month edited inside its markers on the wiki is kept, or
is a conflict when its source changed too, see :mod:`.human`):

1. layout "sections": the month's section on ``updates.page`` (newest
   first; human text and human months outside the markers stay);
   layout "subpages": the month page (``updates.subpage_pattern``);
2. layout "subpages": the month's line in ``updates.index_page``;
3. the latest-update box ``updates.latest_box`` (never moved back to an
   older month).

Translate markup (``<languages/>``, ``<translate>``, ``<!--T:n-->``, ``<tvar>``)
is written only where the wiki has Translate (siteinfo, read once a run) or
``updates.translatable = "yes"``; elsewhere the pages are plain wikitext.
When Translate appears later, the next run adds the markup and numbers the
units then (all bot sections of a page switch together); -simulate shows
the switch as a diff.

Then every written page is marked for translation where Translate has
``action=markfortranslation`` (REL1_43+), the bot has 'pagetranslation' and
every revision since the last marked one is the bot's own; otherwise the
report lists the Special:PageTranslation link for a translation admin. An update with ``announce: true`` (the
newest of the run) is sent once with MassMessage to ``updates.announce_list``; the store remembers it.
``--digest`` (or ``updates.digest``) writes the forum post in Markdown ("-" prints it).

-simulate prints the diff of every page it would write and the digest, and
writes nothing: no edit, no message, no file, no store, no lock.

Options:
  --month YYYY-MM      only this month of the sources folder (or: the draft's month)
  --source FILE        publish this one update file
  --draft [TITLE]      publish a wikitext draft page (default: updates.draft_page)
  --title, --summary   the draft's title and summary; --announce: announce the draft
  --digest FILE        write the forum digest to FILE ("-": print it)
  --no-mark            do not mark pages for translation, nor list the links
  --no-announce        do not send announcements in this run
  --store FILE         the SQLite store (default: the config's store)
  --overwrite YYYY-MM  publish this month over an edit made inside its section on
                       the wiki (a conflict: edited there and changed in the source)

Config keys ([group.updates]): sources, draft_page, layout ("sections" |
"subpages"), page, subpage_pattern ("{root}/Updates/{month}"), index_page,
latest_box, announce_list, digest, translatable ("auto" | "yes" | "no"); [[group]] root
and languages (the order of the digest's links to existing translations). [group.forum]
url and digest_topic: the digest is also posted there as a reply, once per
month (API key from LDWG_BOT_DISCOURSE_API_KEY and LDWG_BOT_DISCOURSE_USER;
see ldwg_bot/updates/forumpost.py).

Store (meta table): "publish-update:high-water:SITE:TITLE" (highest unit
number ever written on TITLE, saved after each successful save) and
"publish-update:announced:SITE:LIST:YYYY-MM", and per bot section
"publish-update:section:SITE:TITLE:NAME" (hashes of the source and of the
text last written, see :mod:`ldwg_bot.runtime.humanedits`). They belong to the wiki
that answered ("publish-update:identity:SITE", siteinfo's wikiid, server and
script path, as collect-feedback checks it): when another wiki answers at the
same family and code, they are forgotten before anything is read from them,
and the pages, the page histories and MassMessage's log of this wiki decide.
"""

from __future__ import annotations

import argparse
import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import LdwgError
from ..runtime.humanedits import BotHistory
from ..runtime.store import get_meta, set_meta, transaction
from ..runtime.textfile import write_atomic
from ..text.langcode import is_language_code
from .announce import announce
from .digest import render_digest
from .forumpost import check_credentials, post_digest
from .human import Guard
from .inputs import _month_option, load_folder, load_sources
from .plain import form_switched
from .plan import Target, check_target_title, plan
from .source import Month, UpdateSource
from .translate_admin import mark_pages, translate_mode

log = logging.getLogger("ldwg_bot")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--month",
        metavar="YYYY-MM",
        help="publish only this month of the sources folder (with --draft: its month)",
    )
    parser.add_argument("--source", metavar="FILE", help="publish this one update file")
    parser.add_argument(
        "--draft",
        nargs="?",
        const="",
        metavar="TITLE",
        help="publish a wikitext draft page (default: updates.draft_page)",
    )
    parser.add_argument("--title", help="the draft's title")
    parser.add_argument("--summary", help="the draft's summary (box and index)")
    parser.add_argument("--announce", action="store_true", help="announce the draft with MassMessage")
    parser.add_argument("--digest", metavar="FILE", help='write the forum digest to FILE ("-": print it)')
    parser.add_argument(
        "--no-mark", action="store_true", help="do not mark pages for translation nor list the links"
    )
    parser.add_argument("--no-announce", action="store_true", help="send no announcement in this run")
    parser.add_argument("--store", metavar="FILE", help="the SQLite store (default: the config's)")
    parser.add_argument(
        "--overwrite",
        action="append",
        default=[],
        metavar="YYYY-MM",
        help="publish this month's source over an edit made inside its section "
        "on the wiki (after looking at the diffs of a conflict)",
    )


def _hw_key(site_key: str, title: str) -> str:
    return f"publish-update:high-water:{site_key}:{title}"


RECORDS = ("high-water", "announced", "section")


def trust_records_of_this_wiki(ctx) -> None:
    """The store's records for ``family:code`` are this wiki's, or they are forgotten."""
    from ..feedback.collect import wiki_identity

    key = ctx.wiki.key
    general = ctx.wiki.request(action="query", meta="siteinfo", siprop="general")["query"]["general"]
    identity, id_key = wiki_identity(general), f"publish-update:identity:{key}"
    known = get_meta(ctx.store, id_key)
    if known == identity:
        return
    with transaction(ctx.store):
        if known is not None:
            for kind in RECORDS:
                ctx.store.execute(
                    "DELETE FROM meta WHERE substr(key, 1, ?) = ?",
                    (len(f"publish-update:{kind}:{key}:"), f"publish-update:{kind}:{key}:"),
                )
            ctx.report.notes.append(
                f"{key}: another wiki answers at this address than last time "
                "(siteinfo); the store's records of the other one are not used"
            )
        set_meta(ctx.store, id_key, identity)


# ---------------------------------------------------------------------- run


@dataclass
class Outcome:
    """What happened to one group in one run (for tests and the report)."""

    updates: list[UpdateSource]
    targets: list[Target]
    links: dict[Month, str]
    saved: list[tuple[str, int]] = field(default_factory=list)  # (title, revid)


def groups_to_publish(ctx):
    cfg = ctx.config
    if cfg is None:
        raise LdwgError("publish-update needs a configuration (--config)")
    if ctx.args.group:
        return [cfg.group(ctx.args.group)]
    groups = [g for g in cfg.groups if g.updates.sources or g.updates.draft_page]
    one_off = ctx.args.source or ctx.args.draft is not None
    if one_off and not groups:
        groups = [cfg.groups[0]]
    if one_off and len(groups) > 1:
        raise LdwgError(
            f"{cfg.source}: several groups publish updates "
            f"({', '.join(g.name for g in groups)}); choose one with --group"
        )
    return groups


def run(ctx) -> None:
    groups = groups_to_publish(ctx)
    if not groups:
        ctx.report.notes.append("no group has updates.sources or updates.draft_page; nothing to do")
        return
    # Validate every source and every target page of every group before the first write.
    overwrite = frozenset(_month_option(m, "--overwrite") for m in ctx.args.overwrite)
    prepared = []
    for group in groups:
        _check_group(ctx, group)
        check_credentials(ctx, group)
        updates = load_sources(ctx, group)
        prepared.append((group, updates, translate_mode(ctx, group)))
    trust_records_of_this_wiki(ctx)
    lang = ctx.wiki.content_language  # the pages are Translate's source pages (issue 25)
    guard = Guard(ctx.store, ctx.wiki.key, overwrite, BotHistory(ctx.wiki), lang=lang)
    planned = [
        (group, updates, *plan(group, updates, guard, translatable, lang))
        for group, updates, translatable in prepared
    ]
    for group, _updates, targets, _links in planned:
        preflight(ctx, group, targets)
    for group, updates, targets, links in planned:
        outcome = publish(ctx, group, updates, targets, links, guard)
        after_publish(ctx, group, outcome)
    ctx.report.notes.extend(guard.notes)
    ctx.report.replaced.extend(guard.replaced)
    if guard.conflicts:
        ctx.wiki.out("\n".join(guard.diffs))
        raise LdwgError(guard.conflict_message())


def _check_group(ctx, group) -> None:
    u = group.updates
    need = {"sections": [("updates.page", u.page)], "subpages": [("updates.index_page", u.index_page)]}[
        u.layout
    ]
    for key, value in need + [("updates.latest_box", u.latest_box)]:
        if not value:
            raise LdwgError(f"{ctx.config.source}: group {group.name}: {key}: missing; expected a page title")
    if u.layout == "subpages" and "{root}" in u.subpage_pattern and not group.root:
        raise LdwgError(
            f"{ctx.config.source}: group {group.name}: root: missing; updates.subpage_pattern uses {{root}}"
        )


def preflight(ctx, group, targets: list[Target]) -> None:
    """Run every transform on the pages as they are now: any refusal stops the run here."""
    wiki = ctx.wiki
    key = wiki.key
    for t in targets:
        check_target_title(t.title, group.languages)
    draft = ctx.args.draft if ctx.args.draft else group.updates.draft_page
    if (ctx.args.draft is not None or (not group.updates.sources and draft)) and draft in {
        t.title for t in targets
    }:
        raise LdwgError(f"{draft}: the draft page is also a page the bot writes; use another draft page")
    states = wiki.read_pages([t.title for t in targets])
    texts: dict[str, str | None] = {}
    planned: dict[str, tuple[str | None, str]] = {}
    for t in targets:
        state = states.get(t.title)
        on_wiki = state.text if state and state.exists else None
        old = texts[t.title] if t.title in texts else on_wiki
        hw = int(get_meta(ctx.store, _hw_key(key, t.title)) or 0)
        try:
            texts[t.title], _ = t.transform(old, hw)
        except LdwgError as exc:
            raise type(exc)(f"{t.title}: {exc}; nothing written") from None
        planned[t.title] = (on_wiki, texts[t.title] or "")
    # Exists, editable by the bot, bots allowed, under maxarticlesize: all before the first write.
    changed = {
        title: (old, new)
        for title, (old, new) in planned.items()
        if old is None or new.rstrip() != old.rstrip()
    }
    problems = wiki.write_problems(changed)
    if problems:
        raise LdwgError("; ".join(problems) + "; nothing written")


def publish(ctx, group, updates, targets, links, guard: Guard | None = None) -> Outcome:
    wiki = ctx.wiki
    key = wiki.key
    outcome = Outcome(updates, targets, links)
    for t in targets:
        stored = int(get_meta(ctx.store, _hw_key(key, t.title)) or 0)
        seen: dict[str, Any] = {}  # the transform's text, high-water mark and form switch

        def transform(old: str | None, t=t, stored=stored, seen=seen) -> str:
            new, seen["hw"] = t.transform(old, stored)
            seen["text"] = new
            seen["switched"] = form_switched(old, new)
            return new

        summary = t.summary or f"ldwg-bot: publish {t.what}"
        try:
            result = wiki.edit(t.title, transform, summary, create=True)
        except LdwgError as exc:
            message = str(exc) if str(exc).startswith(t.title) else f"{t.title}: {exc}"
            if outcome.saved:  # a half-published update must say so
                written = ", ".join(f"{title} (revision {revid})" for title, revid in outcome.saved)
                message = (
                    message.replace("; nothing written", "; this page not written")
                    + f"; already written in this run: {written}; run the same command "
                    "again to complete the rest"
                )
            raise type(exc)(message) from None
        t.result = result
        if guard is not None:
            guard.saved(
                t.title,
                seen.get("text"),
                written=result.saved or not result.changed,
                simulated=result.changed and not result.saved,
            )
        if seen.get("switched") and result.changed:
            ctx.report.notes.append(
                f"{t.title}: Translate markup added, units numbered from this edit on"
                if t.translatable
                else f"{t.title}: Translate markup removed, the page is plain wikitext now"
            )
        if (result.saved or not result.changed) and "hw" in seen and seen["hw"] > stored:
            set_meta(ctx.store, _hw_key(key, t.title), str(seen["hw"]))
        t.high_water = max(stored, seen.get("hw", 0))
        if result.changed:
            url = wiki.permalink(result.revid) if result.saved and result.revid else wiki.url(t.title)
            ctx.report.changed(t.title, url, t.what, simulated=not result.saved)
            if result.saved:
                outcome.saved.append((t.title, result.revid))
                ctx.report.count("pages saved")
        else:
            ctx.report.unchanged.append(t.title)
            ctx.report.count("pages unchanged")
    ctx.report.count("months", len(updates))
    return outcome


def after_publish(ctx, group, outcome: Outcome) -> None:
    wiki = ctx.wiki
    args = ctx.args
    newest = max(outcome.updates, key=lambda x: x.month)
    # Mark for translation: every page this run changed (saved, or would save).
    if not args.no_mark:
        mark_pages(ctx, outcome.targets)
    # Announce: the newest update of the run, once.
    if not args.no_announce:
        for u in outcome.updates:
            if u.announce and u is not newest:
                log.debug(
                    "%s: not announced, %s is newer and published in the same run",
                    u.month.name,
                    newest.month.name,
                )
        if newest.announce:
            res = announce(
                wiki,
                ctx.store,
                newest,
                group.updates.announce_list,
                outcome.links[newest.month],
                ctx.now,
                wiki.key,
                lang=wiki.content_language,
            )
            (ctx.report.warnings if res.warning else ctx.report.notes).append(res.message)
            if res.sent:
                ctx.report.count("announcements sent")
    # Digest.
    target = args.digest or group.updates.digest
    if target or group.forum.digest_topic:
        text = digest_for(ctx, group, newest, outcome.links[newest.month])
    if target == "-" or (target and ctx.simulate):  # -simulate writes no file: it is shown
        sys.stdout.write(text)
    if target and target != "-":
        path = ctx.config.path(target) if args.digest is None else Path(target)
        try:
            skipped = write_atomic(
                path, lambda fh: fh.write(text), simulate=ctx.simulate, what="forum digest (printed above)"
            )
        except OSError as exc:
            raise LdwgError(f"--digest {path}: cannot write: {exc.strerror or exc}") from None
        ctx.report.notes.append(skipped or f"forum digest written to {path}")
    if group.forum.digest_topic:
        post_digest(ctx, group, newest.month.slug, text)


def translation_languages(
    wiki, page: str, config_languages: tuple[str, ...], priority: tuple[str, ...] = ()
) -> list[str]:
    """Languages of the existing ``<page>/<lang>`` subpages (one query, continued past 500):
    only translations that exist are linked, none before the first.

    Priority languages first, then the config's order, then the others A-Z;
    the wiki's own language and ``qqq`` are left out.
    """
    full, namespace, rest = wiki.normalise_title(page)
    prefix = full + "/"
    found = set()
    for data in wiki.query(
        {
            "action": "query",
            "list": "allpages",
            "apnamespace": namespace,
            "apprefix": rest + "/",
            "aplimit": "max",
        }
    ):
        for item in data.get("query", {}).get("allpages", []):
            suffix = item["title"][len(prefix) :] if item["title"].startswith(prefix) else ""
            if suffix and "/" not in suffix and is_language_code(suffix):
                found.add(suffix)
    found -= {wiki.content_language, "qqq"}
    order = [c for c in dict.fromkeys(priority + config_languages) if c in found]
    return order + sorted(found - set(order))


def digest_for(ctx, group, update: UpdateSource, target: str) -> str:
    wiki = ctx.wiki
    page, _, frag = target.partition("#")
    suffix = f"#{frag}" if frag else ""
    langs = translation_languages(wiki, page, group.languages, update.priority_languages)
    links = [(code, wiki.url(f"{page}/{code}") + suffix) for code in langs]
    return render_digest(update, wiki.url(page) + suffix, links, lang=wiki.content_language)


__all__ = [
    "add_arguments",
    "run",
    "plan",
    "load_folder",
    "load_sources",
    "translation_languages",
    "check_target_title",
    "Target",
]
