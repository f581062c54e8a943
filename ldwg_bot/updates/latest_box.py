"""The latest-update box in every language, at every moment, never a bare link.

The rule (issue 25, part 6):

* The group's main page -- and so every translation Translate makes of it --
  includes the box by its plain name, ``{{LDWG latest update}}``.
* The bot marks the box with language-aware transclusion on
  (``transclusion=yes`` where the API takes it, see :mod:`.translate_admin`).
* While the box has never been marked, the bot writes
  ``<box>/<content language>`` itself: the box as the plain form writes it
  (also where a translation admin, not the bot, will mark it: REL1_39).
  From the first mark on Translate owns that page (its job re-renders it as
  FuzzyBot) and the bot never writes it again.

Why, in our words, from Translate's source (REL1_39 and REL1_43 alike:
``src/PageTranslation/Hooks.php``, ``fetchTranslatableTemplateAndTitle``,
the ``BeforeParserFetchTemplateRevisionRecord`` hook;
``TranslatablePage::getRevisionRecordWithFallback``; REL1_43
``src/PageTranslation/MarkForTranslationActionApi.php``):

* A marked template with transclusion on is fetched as
  ``<template>/<language of the including page>``; when that page is
  missing Translate falls back to ``<template>/<source language>`` -- not to
  the source page. That page is made by Translate's job queue after the first
  mark, so until the jobs ran the reader got a bare link (reproduced on 1.43).
  The bot's copy fills exactly that gap. Later marks leave ``/en`` in place
  (the previous render) until the jobs re-render it; a missing translation
  falls back to it, an outdated one shows Translate's outdated rendering.
* With transclusion off (or before any mark) the source page itself is
  transcluded, and Translate strips ``<translate>`` only from the page being
  parsed (``preprocessTagPage``), so readers would see the raw markup.
* ``{{Special:MyLanguage/...}}`` is no way out: MediaWiki's parser
  (includes/parser/Parser.php, 1.39 and 1.43) transcludes only includable
  special pages, and Special:MyLanguage is not one; it renders a link.

What is left: between the bot's edit of a never-marked box and its mark
(seconds when the bot may mark; until a translation admin marks it where it
may not) the main page shows the source page's markup.
"""

from __future__ import annotations

import logging

from ..errors import LdwgError
from ..text.markers import get_section
from .page import own_page
from .plain import section_to_plain
from .subpages import BOX_SECTION
from .translate_log import last_marked_revision
from .wikitext import strip_translate_markup
from .words import summary_box_copy

log = logging.getLogger("ldwg_bot")


def source_copy_title(box: str, language: str) -> str:
    """``Template:LDWG latest update/en``: where Translate looks when a language is missing."""
    return f"{box}/{language}"


def source_copy(box_text: str) -> str:
    """What readers see once Translate renders the box: the box as the plain form writes it."""
    section = get_section(box_text, BOX_SECTION)
    if section is None:  # not the bot's layout: only the markup goes
        return strip_translate_markup(box_text).strip() + "\n"
    return own_page(None, BOX_SECTION, section_to_plain(section), languages=False)


def write_source_copy(wiki, box: str) -> tuple[str, bool]:
    """Write the box's source-language page while the box has never been marked.

    Returns a line for the report ('' when nothing was to do) and whether it is
    a warning. Never raises for the wiki's refusal: the box itself is written.
    """
    title = source_copy_title(box, wiki.content_language)
    try:
        if last_marked_revision(wiki, box) is not None:
            return "", False  # Translate owns <box>/<lang> now
        state = wiki.read_page(box)
        if not state.exists:
            return "", False
        if wiki.simulate:
            return f"{title}: would be written (the box for readers until Translate renders it)", False
        text = source_copy(state.text)
        result = wiki.edit(title, lambda old: text, summary_box_copy(wiki.content_language))
    except LdwgError as exc:
        return f"{title}: the box's copy for readers was not written: {exc}", True
    return (
        f"{title}: written (the box for readers until Translate renders it)" if result.changed else "",
        False,
    )


__all__ = ["source_copy", "source_copy_title", "write_source_copy"]
