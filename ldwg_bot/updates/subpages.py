"""The subpages layout and the latest-update box.

* :func:`render_month_page`: ``<root>/Updates/July 2022`` (English month in
  the title), the whole update as one bot section ``update-2022-07``.
* :func:`render_index`: the bot section ``updates-index`` on the updates
  page, one line per month, newest first: a link and the summary, each line
  one translation unit.
* :func:`render_latest_box`: the template page the main page transcludes:
  month (linked), title and summary of the latest update, as section
  ``latest-update``.

Each returns ``(text, new_high_water)``; the high-water mark is per page. Their words (the
month label, "Latest update:", the index line) are in ``lang``, the wiki's content language
(:mod:`.words`). The bot reads its index lines and its box back by structure, not wording:
each carries ``data-ldwg-month="2022-07"`` (an index line on an empty ``<span>`` before its
unit, the box on its ``<div>``), outside the translation units. Lines and boxes an older
release wrote in English, without the attribute, are still read by their English form.

The update's title and summary are plain text from a person: they go in through
:func:`ldwg_bot.text.wikitext.inline_text` (inert, still easy for translators to read), the link
targets (configured page titles) through :func:`ldwg_bot.text.wikitext.link_target`; a target that
is no valid title leaves the month name unlinked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import i18n
from ..text.markers import get_section, upsert_section
from ..text.wikitext import inline_text, link_target
from .page import anchor, check_unclosed, ensure_languages, own_page, section_name, update_blocks
from .plain import render
from .source import Month, UpdateSource, month_from_heading, parse_month
from .translatable import CLOSE, OPEN, Part, Slot, skeleton
from .wikitext import strip_translate_markup
from .words import index_item, index_item_patterns, latest_label, month_label

INDEX_SECTION = "updates-index"
BOX_SECTION = "latest-update"
# Read back without Translate markup (either form): "* [[Special:MyLanguage/T|July 2022]]: summary",
# or "* July 2022: summary" when the target was no valid title.
_INDEX_LINE = re.compile(
    r"^\* (?:\[\[Special:MyLanguage/(?P<target>[^\]|]*)\|(?P<label>[^\]|]*)\]\]"
    r"|(?P<plain>[A-Za-z]+ \d{4})): (?P<summary>.*)$"
)
_BOX_LINK = re.compile(
    r"\[\[Special:MyLanguage/[^\]|]*\|(?P<label>[^\]|]+)\]\]"
    r"|'''Latest update:''' (?P<plain>[A-Za-z]+ \d{4})$",
    re.MULTILINE,
)
#: the month a bot line or box is about, whatever language its words are in
MONTH_ATTR = "data-ldwg-month"
_MONTH_ATTR_RE = re.compile(r'data-ldwg-month="(\d{4})-(\d{2})"')
_LINK_RE = re.compile(r"\[\[Special:MyLanguage/(?P<target>[^\]|]*)\|(?P<label>[^\]|]*)\]\]")


def month_page_title(month: object, root: str, pattern: str = "{root}/Updates/{month}") -> str:
    """``Leadership Development Working Group/Updates/July 2022``."""
    return pattern.format(root=root, month=parse_month(month).name)


def section_target(page: str, month: object) -> str:
    """Link target of a month on the one-page layout: ``Page#update-2022-07``."""
    return f"{page}#{anchor(month)}"


def render_month_page(
    update: UpdateSource, existing_page: str | None, high_water: int, translatable: bool = True
) -> tuple[str, int]:
    """The whole text of the month's subpage; its headings start at ``==``."""
    name = section_name(update.month)
    existing = get_section(existing_page, name) if existing_page else None
    content, high_water = render(
        skeleton(update_blocks(update, base_level=2)), existing, existing_page or "", high_water, translatable
    )
    return own_page(existing_page, name, content, languages=translatable), high_water


@dataclass(frozen=True)
class IndexEntry:
    month: Month
    target: str  # page title (may have #anchor) of the month's update
    summary: str  # wikitext, already escaped (see index_entry)


def index_entry(update: UpdateSource, target: str) -> IndexEntry:
    return IndexEntry(update.month, target, inline_text(update.summary))


def index_entries(section: str | None, lang: str = i18n.SOURCE) -> list[IndexEntry]:
    """The entries of an index section written by :func:`render_index`, in either form, in
    any language, or in the English form of older releases (no ``data-ldwg-month``)."""
    entries = []
    for line in strip_translate_markup(section or "").split("\n"):
        tagged = _MONTH_ATTR_RE.search(line)
        if tagged:
            month = Month(int(tagged.group(1)), int(tagged.group(2)))
            if 1 <= month.month <= 12:
                entries.append(_tagged_entry(month, line[tagged.end() :], lang))
            continue
        m = _INDEX_LINE.match(re.sub(r"^\*\s+", "* ", line))
        heading_month = month_from_heading(m.group("label") or m.group("plain")) if m else None
        if m and heading_month:
            entries.append(IndexEntry(heading_month, m.group("target") or "", m.group("summary")))
    return entries


def _tagged_entry(month: Month, rest: str, lang: str) -> IndexEntry:
    """An index line after its ``<span data-ldwg-month>``: the target from the link, the
    summary after the line message's text between the month and the summary.

    Never drops a line: when no known form of the message fits, the summary is what follows
    the month's link (or label), less leading punctuation."""
    rest = rest.removeprefix("></span>").removeprefix("</span>").strip()
    link = _LINK_RE.search(rest)
    target = link.group("target") if link else ""
    for before, between in index_item_patterns(lang):
        head = rest[: link.start()] if link else None
        if (
            link
            and head is not None
            and head.strip() == before.strip()
            and rest[link.end() :].startswith(between)
        ):
            return IndexEntry(month, target, rest[link.end() + len(between) :])
        label = month_label(month, lang, start=True)
        if not link and rest.startswith(before + label + between):
            return IndexEntry(month, "", rest[len(before + label + between) :])
    tail = rest[link.end() :] if link else rest.partition(":")[2]
    return IndexEntry(month, target, tail.lstrip(" :：\u00a0\u202f–—-"))


def render_index(
    entries: list[IndexEntry],
    existing: str | None,
    page_text: str,
    high_water: int,
    translatable: bool = True,
    lang: str = i18n.SOURCE,
) -> tuple[str, int]:
    """Index section content: one line per month, newest first (later entries win)."""
    by_month = {e.month: e for e in entries}
    parts: list = []
    for n, entry in enumerate(sorted(by_month.values(), key=lambda e: e.month, reverse=True)):
        link = _month_link(entry.target, entry.month, "page", lang, start=True)
        parts += [
            "\n" if n else "",
            f'* <span {MONTH_ATTR}="{entry.month.slug}"></span>',
            Slot(index_item(link, entry.summary, lang), inline=True),
        ]
    return render(parts, existing, page_text, high_water, translatable)


def add_to_index(
    page_text: str, entry: IndexEntry, high_water: int, translatable: bool = True, lang: str = i18n.SOURCE
) -> tuple[str, int]:
    """The updates page with ``entry`` added to (or replaced in) its index section.

    A page without the section gets it appended at its end.
    """
    check_unclosed(page_text)
    existing = get_section(page_text, INDEX_SECTION)
    entries = [e for e in index_entries(existing, lang) if e.month != entry.month] + [entry]
    content, high_water = render_index(entries, existing, page_text, high_water, translatable, lang)
    if not page_text.strip():
        return own_page(None, INDEX_SECTION, content, languages=translatable), high_water
    # An index may be added to a page with a human intro: at the end, never over text.
    text = upsert_section(page_text, INDEX_SECTION, content)
    return (ensure_languages(text) if translatable else text), high_water


def box_month(text: str | None) -> Month | None:
    """The month the latest-update box shows (either form); None when it shows none."""
    section = get_section(text, BOX_SECTION) if text else None
    tagged = _MONTH_ATTR_RE.search(section or "")
    if tagged and 1 <= int(tagged.group(2)) <= 12:
        return Month(int(tagged.group(1)), int(tagged.group(2)))
    m = _BOX_LINK.search(strip_translate_markup(section or ""))  # an older release's box
    return month_from_heading((m.group("label") or m.group("plain")).strip()) if m else None


def _month_link(target: str, month: Month, var: str, lang: str = i18n.SOURCE, start: bool = False) -> str:
    """The month's name linked (via Special:MyLanguage, in a ``<tvar>``) to ``target``."""
    label = month_label(month, lang, start)
    safe = link_target(target)
    if not safe or safe.startswith("#"):
        return label
    return f'[[<tvar name="{var}">Special:MyLanguage/{safe}</tvar>|{label}]]'


def render_latest_box(
    update: UpdateSource,
    target: str,
    existing_page: str | None,
    high_water: int,
    translatable: bool = True,
    lang: str = i18n.SOURCE,
) -> tuple[str, int]:
    """The latest-update template page: month (linked to ``target``), title, summary."""
    existing = get_section(existing_page, BOX_SECTION) if existing_page else None
    link = f"'''{latest_label(lang)}''' {_month_link(target, update.month, 'link', lang)}"
    parts: list[Part] = [
        f'<div class="ldwg-latest-update" {MONTH_ATTR}="{update.month.slug}">\n',
        OPEN,
        Slot(link),
        "\n\n",
        Slot(f"'''{inline_text(update.title)}'''"),
        "\n\n",
        Slot(inline_text(update.summary)),
        CLOSE,
        "\n</div>",
    ]
    content, high_water = render(parts, existing, existing_page or "", high_water, translatable)
    return own_page(
        existing_page, BOX_SECTION, content, top="<noinclude><languages/></noinclude>", languages=translatable
    ), high_water
