"""The one-page layout: a section per month on ``.../Updates``, newest first.

Each month is a bot-owned section (:mod:`ldwg_bot.text.markers`) named
``update-YYYY-MM``::

    <!-- ldwg-bot:update-2022-07:start -->
    <span id="update-2022-07"></span>
    <translate>
    == July 2022 == <!--T:1-->
    ...
    <!-- ldwg-bot:update-2022-07:end -->

The ``<span>`` gives every language version the same anchor (translated
headings have translated anchors), so links and the latest-update box use
``#update-2022-07``.

Placement rule (:func:`place_month`): an existing month section is replaced
in place; a new one goes right above the first older month (bot section or
human ``== Month YYYY ==`` heading) below the last newer bot month, else
right below the last newer bot month, else -- on a page with no month at
all -- right before its first heading (after the intro), else at the end. The insertion point is always the
start of a line outside any tag, so a human ``<translate>`` block is never split. Nothing outside the markers
is changed, except adding ``<languages/>`` on top when the page has none and is written with Translate markup
(plain pages, see :mod:`.plain`, get none). A human-written ``== July 2022 ==`` outside the markers means the
month is not the bot's: :class:`~ldwg_bot.errors.PageNotOwnedError`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import mwparserfromhell
from mwparserfromhell.nodes import Heading, Tag, Text

from .. import i18n
from ..errors import MarkerError, PageNotOwnedError
from ..text.markers import _LEXICAL_RE, Span, find_sections, get_section, replace_section, wrap
from .markdown import Block, to_blocks
from .markdown import Heading as HeadingBlock
from .plain import is_translatable, render, switch_section
from .source import Month, UpdateSource, parse_month
from .translatable import skeleton
from .wikitext import strip_translate_markup, wikitext_blocks
from .words import month_from_label, month_label

_SECTION_RE = re.compile(r"^update-(\d{4})-(\d{2})$")
_OPAQUE_TAGS = ("nowiki", "pre", "source", "syntaxhighlight", "math", "code")


def section_name(month: object) -> str:
    """Marker name of a month's section: ``update-2022-07``."""
    return f"update-{parse_month(month).slug}"


def anchor(month: object) -> str:
    """The language-independent anchor of a month's section."""
    return section_name(month)


def update_blocks(update: UpdateSource, base_level: int = 3) -> list[Block]:
    """The update's body as blocks, from Markdown or from a wikitext draft."""
    if update.body_wikitext is not None:
        return wikitext_blocks(update.body_wikitext, base_level)
    return to_blocks(update.body_markdown or "", base_level)


def render_month_section(
    update: UpdateSource,
    existing_section: str | None,
    page_text: str,
    high_water: int,
    translatable: bool = True,
    lang: str = i18n.SOURCE,
) -> tuple[str, int]:
    """Content of the month's bot section (without the markers).

    ``existing_section``: the section's current content (``get_section``),
    None on first publish; ``page_text``: the whole page; ``high_water``: the
    highest unit number ever used on the page (persisted by the job);
    ``translatable``: with Translate markup, else plain wikitext; ``lang``: the page's
    language (the wiki's content language), that of the month heading. Returns
    ``(content, new_high_water)``; store the new mark after a successful save.
    """
    blocks = [HeadingBlock(2, month_label(update.month, lang, start=True))] + update_blocks(
        update, base_level=3
    )
    parts = [f'<span id="{anchor(update.month)}"></span>\n'] + skeleton(blocks)
    return render(parts, existing_section if translatable else None, page_text, high_water, translatable)


def publish_to_page(
    page_text: str,
    update: UpdateSource,
    high_water: int,
    translatable: bool = True,
    switch: Callable[[str, str], bool] | None = None,
    lang: str = i18n.SOURCE,
) -> tuple[str, int]:
    """Render the month and place it: the whole new page text and high-water mark.

    The page's other month sections are switched to the same form (see
    :mod:`.plain`), so a page is never half plain, half translatable; ``switch``
    (section name, content) may keep one as it is (a section a human edited).
    """
    existing = get_section(page_text, section_name(update.month))
    content, high_water = render_month_section(update, existing, page_text, high_water, translatable, lang)
    page_text = place_month(page_text, update.month, content, languages=translatable, lang=lang)
    for name in [
        n for n in find_sections(page_text) if _section_month(n) and n != section_name(update.month)
    ]:
        old = get_section(page_text, name) or ""
        if switch is not None and is_translatable(old) != translatable and not switch(name, old):
            continue
        new, high_water = switch_section(old, translatable, page_text, high_water)
        if new != old:
            page_text = replace_section(page_text, name, new)
    return page_text, high_water


def place_month(
    page_text: str, month: object, section_text: str, languages: bool = True, lang: str = i18n.SOURCE
) -> str:
    """The page with the month's section replaced or inserted (see module doc);
    ``<languages/>`` on top when ``languages`` (Translate's language bar); human month
    headings are recognised in ``lang`` and in English."""
    add_bar = ensure_languages if languages else (lambda text: text)
    month = parse_month(month)
    check_unclosed(page_text)
    name = section_name(month)
    spans = find_sections(page_text)
    if name in spans:
        return add_bar(replace_section(page_text, name, section_text))
    human = human_month_headings(page_text, spans, lang)
    for offset, found in human:
        if found == month:
            line = page_text.count("\n", 0, offset) + 1
            raise PageNotOwnedError(
                f"line {line} has a human-written '== {month.name} ==' section outside the "
                f"bot's markers; the bot will not duplicate it: move that text between "
                f"<!-- ldwg-bot:{name}:start --> and <!-- ldwg-bot:{name}:end --> or remove it"
            )
    block = wrap(name, section_text)
    bot = [(s.start, m, s) for s in spans.values() if (m := _section_month(s.name))]
    anchors = sorted([(o, m) for o, m, _ in bot] + list(human))
    newer_bot = [s for _, m, s in bot if m > month]
    floor = max((s.end for s in newer_bot), default=0)  # never above a newer bot month
    older = [o for o, m in anchors if m < month and o >= floor]
    if older:
        text = _insert_before(page_text, older[0], block, spans, floor)
    elif newer_bot:
        text = page_text[:floor] + "\n\n" + block + page_text[floor:]
    elif not human and (first := _first_heading(page_text, spans)) is not None:
        text = _insert_before(page_text, first, block, spans, 0)
    else:
        text = _append(page_text, block)
    return add_bar(text)


def check_unclosed(text: str) -> None:
    """Refuse a page whose ``<!--`` (or ``<nowiki>``, ``<pre>``...) is never closed.

    MediaWiki hides everything after it, so a section the bot adds below
    would be hidden too, and its markers unreadable on the next run.
    """
    for m in _LEXICAL_RE.finditer(text):
        whole = m.group(0)
        if m.group("comment") is not None:
            closed = whole.endswith("-->") and len(whole) >= 7
        else:
            tag = m.group("tag").lower()
            closed = whole.endswith("/>") or re.search(rf"</{tag}\s*>$", whole, re.I) is not None
        if not closed:
            line = text.count("\n", 0, m.start()) + 1
            what = "<!--" if m.group("comment") is not None else f"<{m.group('tag')}>"
            raise MarkerError(
                f"line {line}: '{what}' is never closed, so the rest of the page is "
                f"hidden; close it before the bot writes here"
            )


def ensure_languages(text: str, bar: str = "<languages/>") -> str:
    """``bar`` (``<languages/>``; a template's is in ``<noinclude>``, or every page that
    shows the box would show the bar too) on top of the page unless it already has one."""
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    if any(str(t.tag).strip().lower() == "languages" for t in code.filter_tags()):
        return text
    return f"{bar}\n{text}"


def human_month_headings(
    text: str, spans: dict[str, Span] | None = None, lang: str = i18n.SOURCE
) -> list[tuple[int, Month]]:
    """``(offset, month)`` of each level-2 month heading outside bot sections, written in
    ``lang`` (``== julio de 2022 ==``) or in English.

    The offset is where the heading's top-level node starts (for a heading
    inside a ``<translate>`` block: where that block starts).
    """
    spans = find_sections(text) if spans is None else spans
    found = []
    for offset, node in _headings(text, spans):
        if node.level != 2:
            continue
        title = mwparserfromhell.parse(strip_translate_markup(str(node.title))).strip_code()
        month = month_from_label(title, lang)
        if month is not None:
            found.append((offset, month))
    return found


# ----------------------------------------------------------------- helpers


def _section_month(name: str) -> Month | None:
    m = _SECTION_RE.match(name)
    return Month(int(m.group(1)), int(m.group(2))) if m and 1 <= int(m.group(2)) <= 12 else None


def _inside(offset: int, spans: dict[str, Span]) -> bool:
    return any(s.start < offset < s.end for s in spans.values())


def _top_level(text: str):
    offset = 0
    for node in mwparserfromhell.parse(text, skip_style_tags=True).nodes:
        yield offset, node
        offset += len(str(node))


def _headings(text: str, spans: dict[str, Span]):
    """(top-level offset, heading) for headings outside bot sections and opaque tags."""
    for offset, node in _top_level(text):
        if _inside(offset, spans) or any(s.start == offset for s in spans.values()):
            continue
        if isinstance(node, Heading):
            yield offset, node
        elif (
            isinstance(node, Tag) and str(node.tag).lower() not in _OPAQUE_TAGS and node.contents is not None
        ):
            for heading in node.contents.filter_headings():
                yield offset, heading


def _first_heading(text: str, spans: dict[str, Span]) -> int | None:
    return next((offset for offset, _ in _headings(text, spans)), None)


def _insertion_points(text: str, spans: dict[str, Span]) -> list[int]:
    """Line starts where a block may go: not inside a tag, template or bot section."""
    points = []
    for offset, node in _top_level(text):
        if isinstance(node, Text):
            value = node.value
            starts = [offset + i + 1 for i, c in enumerate(value) if c == "\n"]
            starts = ([offset] if offset == 0 or text[offset - 1] == "\n" else []) + starts
            points += [p for p in starts if p < offset + len(value)]
        elif offset == 0 or text[offset - 1] == "\n":
            points.append(offset)
    return [p for p in points if not _inside(p, spans)]


def _insert_before(text: str, offset: int, block: str, spans: dict[str, Span], floor: int) -> str:
    """Insert at the last line start outside tags at or before ``offset``, not above ``floor``."""
    p = max((p for p in _insertion_points(text, spans) if p <= offset), default=0)
    if p < floor:
        return text[:floor] + "\n\n" + block + text[floor:]
    return text[:p] + block + "\n\n" + text[p:]


def _append(text: str, block: str) -> str:
    if not text:
        return block + "\n"
    sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    return text + sep + block + "\n"


def own_page(
    existing_page: str | None, name: str, content: str, top: str = "<languages/>", languages: bool = True
) -> str:
    """A page that is one bot section (month subpage, index, latest box).

    A missing or blank page is created as ``top`` + the section (just the
    section without ``languages``); an existing page gets its section
    replaced (human text around it kept). A page with content but without
    the section is someone else's: :class:`~ldwg_bot.errors.PageNotOwnedError`.
    """
    if existing_page is not None:
        check_unclosed(existing_page)
    if existing_page is None or not existing_page.strip():
        return f"{top}\n{wrap(name, content)}\n" if languages else f"{wrap(name, content)}\n"
    if name not in find_sections(existing_page):
        raise PageNotOwnedError(
            f"the page has content but no bot section '{name}'; to let the bot write "
            f"there, add <!-- ldwg-bot:{name}:start --> and <!-- ldwg-bot:{name}:end -->"
        )
    replaced = replace_section(existing_page, name, content)
    return ensure_languages(replaced, top) if languages else replaced
