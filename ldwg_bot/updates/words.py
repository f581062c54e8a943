"""publish-update's own words, in the language of the page they go on (issue 25, part 3).

The Updates page is the Translate *source* page, so its month headings, the index, the
latest-update box, the edit summaries and the MassMessage text are written in the wiki's
content language (siteinfo ``lang``, :attr:`ldwg_bot.wiki.Wiki.content_language`), from the
message catalog (:mod:`ldwg_bot.i18n`); Translate carries them to the other languages.

What stays language-independent on purpose, so existing pages keep working: the month
anchors and marker names (``update-2022-07``), the subpage titles (``.../Updates/July 2022``,
the configured pattern; a title is a page's identity), and the ``data-ldwg-month`` attribute
by which the bot reads back the index lines and the box it wrote (:mod:`.subpages`).

Reading a month *label* back (:func:`month_from_label`) is only for text a human or an older
release wrote: a human ``== julio de 2022 ==`` heading, an index or box written in English
before the attribute existed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from .. import i18n
from .source import Month, UpdateSource, month_from_heading, parse_month

_msg = i18n.message


def month_label(month: object, lang: str, start: bool = False) -> str:
    """``julio de 2022`` (``Julio de 2022`` with ``start``: a heading or a list item)."""
    month = parse_month(month)
    text = _msg(lang, f"ldwg-bot-month-{month.month}", month.year)
    return text[:1].upper() + text[1:] if start else text


@cache
def _label_patterns(lang: str) -> tuple[tuple[re.Pattern[str], int], ...]:
    """One pattern per month of ``lang``'s catalog (and its fallbacks), year as any digits."""
    out = []
    for n in range(1, 13):
        _found, text = i18n.raw(lang, f"ldwg-bot-month-{n}")
        before, _, after = (" ".join(piece.split()) for piece in text.partition("$1"))
        pattern = (
            re.escape(before)
            + (r"\s*" if before else "")
            + r"(\d{4})"
            + (r"\s*" if after else "")
            + re.escape(after)
        )
        out.append((re.compile(pattern, re.IGNORECASE), n))
    return tuple(out)


def month_from_label(text: str, lang: str = i18n.SOURCE) -> Month | None:
    """A month label in ``lang`` (any case, the year in any digits) or English, else None."""
    text = " ".join(text.split())
    english = month_from_heading(text)
    if english is not None or lang == i18n.SOURCE:
        return english
    for pattern, n in _label_patterns(lang):
        m = pattern.fullmatch(text)
        if m:
            return Month(int(m.group(1)), n)  # int() reads every script's decimal digits
    return None


def month_list(months: Iterable[object], lang: str) -> str:
    """Several months for an edit summary: ``julio de 2022, agosto de 2022``."""
    return _msg(lang, "ldwg-bot-comma-separator").join(month_label(m, lang) for m in months)


def summary_page(months: Iterable[object], lang: str) -> str:
    """Edit summary of the updates page (or a month's own page)."""
    return _msg(lang, "ldwg-bot-update-edit-summary-page", month_list(months, lang))


def summary_index(months: Iterable[object], lang: str) -> str:
    """Edit summary of the index of months."""
    return _msg(lang, "ldwg-bot-update-edit-summary-index", month_list(months, lang))


def summary_box(month: object, lang: str) -> str:
    """Edit summary of the latest-update box."""
    return _msg(lang, "ldwg-bot-update-edit-summary-box", month_label(month, lang))


def summary_box_copy(lang: str) -> str:
    """Edit summary of the box's source-language copy (:mod:`.latest_box`)."""
    return _msg(lang, "ldwg-bot-update-edit-summary-box-copy")


def latest_label(lang: str) -> str:
    """The box's bold label before the month."""
    return _msg(lang, "ldwg-bot-update-latest")


def index_item(link: str, summary: str, lang: str) -> str:
    """One index line's text: the month (linked) and the update's summary."""
    return _msg(lang, "ldwg-bot-update-index-item", link, summary)


def index_item_patterns(lang: str) -> list[tuple[str, str]]:
    """``(before, between)`` of the index line's message: in ``lang`` first, then in every
    shipped language and English (a page written before its content language changed)."""
    out = []
    for code in dict.fromkeys([lang, *i18n.languages(), i18n.SOURCE]):
        _found, text = i18n.raw(code, "ldwg-bot-update-index-item")
        before, _, rest = text.partition("$1")
        between = rest.partition("$2")[0]
        if (before, between) not in out:
            out.append((before, between))
    return out


def message_params(
    update: UpdateSource, spamlist: str, target: str, lang: str = i18n.SOURCE
) -> dict[str, str]:
    """The exact ``action=massmessage`` parameters (without the token). The subject and the
    summary are the update's own words; the link line under them is in ``lang``, the language
    of the Updates page it links to (the wiki's content language)."""
    read = _msg(lang, "ldwg-bot-update-announce-read", target, month_label(update.month, lang))
    return {"spamlist": spamlist, "subject": update.title, "message": f"{update.summary}\n\n{read}"}


__all__ = [
    "index_item",
    "message_params",
    "index_item_patterns",
    "latest_label",
    "month_label",
    "month_from_label",
    "month_list",
    "summary_box",
    "summary_box_copy",
    "summary_index",
    "summary_page",
]
