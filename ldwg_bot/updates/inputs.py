"""Which updates a publish-update run publishes: a folder, one file, or a draft page.

Every source is validated here, before anything is planned or written; a bad
one is a one-line :class:`~ldwg_bot.errors.SourceError` (file:line: field,
what to fix), and so is a Markdown update that would lose a word on the page or in the
digest (:mod:`.mdwords`). Split from :mod:`.job` to keep the job module to the run itself.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from .mdwords import check_words
from .source import Month, UpdateSource, load_update, parse_month, update_from_wikitext


def load_folder(folder: Path) -> list[UpdateSource]:
    """Every ``*.md`` of ``folder``, validated, oldest month first; one file per month."""
    if not folder.is_dir():
        raise SourceError(f"{folder}: the updates folder does not exist; check updates.sources")
    files = sorted(folder.glob("*.md"))
    if not files:
        raise SourceError(f"{folder}: no *.md update files in the updates folder")
    updates = [check_words(load_update(f)) for f in files]
    by_month: dict[Month, UpdateSource] = {}
    for u in updates:
        if u.month in by_month:
            raise SourceError(
                f"{u.path}: front matter 'month': {u.month.slug} is also the month of "
                f"{by_month[u.month].path}; keep one file per month"
            )
        by_month[u.month] = u
    return [by_month[m] for m in sorted(by_month)]


def _month_option(value: str, option: str = "--month") -> Month:
    try:
        return parse_month(value)
    except ValueError as exc:
        raise SourceError(f"{option}: {exc}") from None


def load_sources(ctx, group) -> list[UpdateSource]:
    """The updates this run publishes, all validated, oldest first."""
    args, u = ctx.args, group.updates
    if args.source:
        if args.draft is not None:
            raise SourceError("--source and --draft: give one of them")
        update = check_words(load_update(args.source))
        if args.month and _month_option(args.month) != update.month:
            raise SourceError(
                f"{args.source}: front matter 'month' is {update.month.slug}, "
                f"not {args.month} as --month says"
            )
        return [update]
    if args.draft is not None or (not u.sources and u.draft_page):
        return [load_draft(ctx, args.draft or u.draft_page)]
    if args.title or args.summary or args.announce:
        raise SourceError(
            "--title/--summary/--announce are for --draft; a Markdown source has them in its front matter"
        )
    if not u.sources:
        raise SourceError(
            f"{ctx.config.source}: group {group.name}: updates.sources: missing; "
            "expected a folder of YYYY-MM.md files (or use --source / --draft)"
        )
    updates = load_folder(ctx.config.path(u.sources))
    if args.month:
        month = _month_option(args.month)
        updates = [x for x in updates if x.month == month]
        if not updates:
            raise SourceError(
                f"{ctx.config.path(u.sources)}: no update for {month.slug} (front matter 'month')"
            )
    return updates


def load_draft(ctx, title: str) -> UpdateSource:
    args = ctx.args
    if not title:
        raise SourceError("--draft: no page given and updates.draft_page is not set")
    missing = [
        opt
        for opt, value in (("--month", args.month), ("--title", args.title), ("--summary", args.summary))
        if not value
    ]
    if missing:
        raise SourceError(f"{title}: a draft page has no front matter: give {', '.join(missing)}")
    page = ctx.wiki.read_page(title)
    if not page.exists:
        raise SourceError(f"{title}: the draft page does not exist")
    try:
        month = _month_option(args.month)
    except SourceError as exc:
        raise SourceError(f"{title}: {exc}") from None
    return update_from_wikitext(
        page.text or "",
        page_title=title,
        month=month,
        title=args.title,
        summary=args.summary,
        announce=bool(args.announce),
    )
