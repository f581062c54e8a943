"""publish-update's pure transforms: text in, text out, no wiki access.

How data flows::

    2022-07.md ──source.load_update──► UpdateSource (month, title, summary, body)
    draft page ─source.update_from_wikitext─┘
                         │
        markdown.to_blocks / wikitext.wikitext_blocks
                         ▼
      blocks (Heading, Paragraph, ListBlock, Table, Quote, Raw; inline wikitext)
                         │  translatable.skeleton: where the <translate> units go
                         ▼
      parts (raw wikitext + Slots) ──translatable.number(existing, page, high_water)──►
      wikitext with <!--T:n--> markers, numbers kept from the previous text
                         │
      one page:  page.render_month_section ─► page.place_month ─► new page text
      subpages:  subpages.render_month_page, subpages.add_to_index
      both:      subpages.render_latest_box (template page), digest.render_digest (forum)

Modules:

* :mod:`.source` -- front matter validation, :class:`~.source.Month`,
  :func:`~.source.month_heading`; every bad input is one-line ``SourceError``.
* :mod:`.markdown` -- Markdown -> blocks with markdown-it-py's syntax tree.
* :mod:`.wikitext` -- a wikitext draft page -> the same blocks.
* :mod:`.translatable` -- Translate markup, reading units back, stable numbering.
* :mod:`.page` -- the one-page layout: month sections between bot markers.
* :mod:`.subpages` -- month subpages, the index, the latest-update box.
* :mod:`.digest` -- the Markdown post for the forum.
* :mod:`.inputs` -- which sources a run publishes (folder, file, draft page).
* :mod:`.human` -- month sections edited on the wiki: kept, conflict, overwrite.

What the job keeps between runs: the **high-water mark** of each target page
(the highest ``<!--T:n-->`` number the bot ever wrote there). Every renderer
takes it and returns the new one; store it after a successful save, so a
unit number removed from the page is never given to new text (Translate
would otherwise show the old unit's translations for it).
"""

from .digest import render_digest
from .markdown import to_blocks
from .page import (
    anchor,
    ensure_languages,
    human_month_headings,
    own_page,
    place_month,
    publish_to_page,
    render_month_section,
    section_name,
)
from .source import (
    Month,
    UpdateSource,
    load_update,
    month_heading,
    parse_month,
    parse_update,
    update_from_wikitext,
)
from .subpages import (
    IndexEntry,
    add_to_index,
    index_entries,
    index_entry,
    month_page_title,
    render_index,
    render_latest_box,
    render_month_page,
    section_target,
)
from .translatable import assign_ids, max_unit_id, parse_units

__all__ = [
    "IndexEntry",
    "Month",
    "UpdateSource",
    "add_to_index",
    "anchor",
    "assign_ids",
    "ensure_languages",
    "human_month_headings",
    "index_entries",
    "index_entry",
    "load_update",
    "max_unit_id",
    "month_heading",
    "month_page_title",
    "own_page",
    "parse_month",
    "parse_units",
    "parse_update",
    "place_month",
    "publish_to_page",
    "render_digest",
    "render_index",
    "render_latest_box",
    "render_month_page",
    "render_month_section",
    "section_name",
    "section_target",
    "to_blocks",
    "update_from_wikitext",
]
