"""publish-update's plan: the pages one run writes, in order, each as a pure transform.

A target's transform takes the page's current text (None when the page does not exist yet)
and the high-water unit number, and returns the new text and high-water mark, so a plan can be
shown under -simulate, re-applied after an edit conflict, and tested without a wiki.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .. import i18n
from ..errors import LdwgError
from ..text.langcode import is_language_code
from ..text.markers import get_section, replace_section
from .human import Guard
from .page import publish_to_page, render_month_section, section_name
from .plain import switch_section
from .source import Month, UpdateSource
from .subpages import (
    BOX_SECTION,
    INDEX_SECTION,
    add_to_index,
    box_month,
    index_entry,
    month_page_title,
    render_latest_box,
    render_month_page,
    section_target,
)
from .words import summary_box, summary_index, summary_page

Transform = Callable[[str | None, int], tuple[str, int]]


@dataclass
class Target:
    """One page to write: a pure transform (old text, high-water) -> (new text, high-water)."""

    title: str
    what: str  # for the report (English, like the console)
    transform: Transform
    kind: str = "page"  # page | month | index | box
    priority_languages: tuple[str, ...] = ()
    translatable: bool = True  # written with Translate markup (else plain wikitext)
    summary: str = ""  # the edit summary, in the page's language
    result: object = None
    high_water: int = 0


def box_transform(
    update: UpdateSource, target: str, translatable: bool = True, lang: str = i18n.SOURCE
) -> Transform:
    """The latest-update box, never moved back to an older month (only switched in form)."""

    def transform(old: str | None, hw: int) -> tuple[str, int]:
        shown = box_month(old)
        if shown is not None and shown > update.month and old is not None:
            content, hw = switch_section(get_section(old, BOX_SECTION) or "", translatable, old, hw)
            return replace_section(old, BOX_SECTION, content), hw
        return render_latest_box(update, target, old, hw, translatable, lang)

    return transform


def plan(
    group,
    updates: list[UpdateSource],
    guard: Guard | None = None,
    translatable: bool = True,
    lang: str = i18n.SOURCE,
) -> tuple[list[Target], dict[Month, str]]:
    """The pages to write in order (update page(s), index, box) and each month's link target.

    With a ``guard``, a month section edited on the wiki is kept or reported
    as a conflict instead of being rebuilt (see :mod:`.human`); ``translatable``:
    with Translate markup, else plain wikitext; ``lang``: the language the pages and their
    edit summaries are written in (the wiki's content language: the pages are Translate's
    source pages).
    """
    u = group.updates
    newest = max(updates, key=lambda x: x.month)
    langs = tuple(dict.fromkeys(code for x in updates for code in x.priority_languages))
    months = ", ".join(x.month.name for x in updates)
    all_months = [x.month for x in updates]
    targets: list[Target] = []
    links: dict[Month, str] = {}
    if u.layout == "sections":

        def switch(name: str, content: str) -> bool:  # another month, to the run's form
            return guard is None or guard.switch(u.page, name, content)

        def page_transform(old: str | None, hw: int) -> tuple[str, int]:
            text = old or ""
            for x in updates:

                def from_source(section: str, x=x) -> str:  # this month as the source renders it
                    return render_month_section(x, section, old or "", 0, translatable, lang)[0]

                if guard is None or guard.month(u.page, x, old, from_source):
                    text, hw = publish_to_page(text, x, hw, translatable, switch=switch, lang=lang)
            return text, hw

        targets.append(
            Target(
                u.page,
                f"update for {months}",
                page_transform,
                "page",
                langs,
                summary=summary_page(all_months, lang),
            )
        )
        links = {x.month: section_target(u.page, x.month) for x in updates}
    else:
        for x in updates:
            title = month_page_title(x.month, group.root, u.subpage_pattern)
            links[x.month] = title

            def month_transform(old: str | None, hw: int, x=x, title=title) -> tuple[str, int]:
                def from_source(_section: str) -> str:  # the month page's section from the source
                    rendered, _ = render_month_page(x, old, 0, translatable)
                    return get_section(rendered, section_name(x.month)) or ""

                if guard is not None and not guard.month(title, x, old, from_source):
                    return old or "", hw
                return render_month_page(x, old, hw, translatable)

            targets.append(
                Target(
                    title,
                    f"update for {x.month.name}",
                    month_transform,
                    "month",
                    x.priority_languages,
                    summary=summary_page([x.month], lang),
                )
            )

        def index_transform(old: str | None, hw: int) -> tuple[str, int]:
            if guard is not None:
                guard.generated(u.index_page, INDEX_SECTION, old)
            text = old or ""
            for x in updates:
                text, hw = add_to_index(text, index_entry(x, links[x.month]), hw, translatable, lang)
            return text, hw

        targets.append(
            Target(
                u.index_page,
                f"index: {months}",
                index_transform,
                "index",
                summary=summary_index(all_months, lang),
            )
        )
    box = box_transform(newest, links[newest.month], translatable, lang)

    def guarded_box(old: str | None, hw: int) -> tuple[str, int]:
        if guard is not None:
            guard.generated(u.latest_box, BOX_SECTION, old)
        return box(old, hw)

    targets.append(
        Target(
            u.latest_box,
            f"latest update: {newest.month.name}",
            guarded_box,
            "box",
            summary=summary_box(newest.month, lang),
        )
    )
    for t in targets:
        t.translatable = translatable
    return targets, links


def check_target_title(title: str, languages: tuple[str, ...]) -> None:
    """The bot writes source pages only: never Translations: pages or ``<page>/<lang>``."""
    last = title.rsplit("/", 1)[-1] if "/" in title else ""
    if title.startswith("Translations:") or (
        last and (last in languages or (is_language_code(last) and len(last) <= 3))
    ):
        raise LdwgError(
            f"{title}: is a translation page (Translations: or <page>/<language>); "
            "the bot writes source pages only: fix the page names in the config"
        )
