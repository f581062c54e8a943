"""The feedback summary page: stored comments in, wikitext out (pure).

:func:`render_summary` builds the content the job writes between the
``feedback-summary`` markers: totals, one row per thread, one per language,
the threads nobody has answered yet and the newest comments. It depends only
on the comments (no clock), so an unchanged store renders byte-identical
text and the wiki layer makes no edit.

Everything that comes from a comment -- user names, section titles, page
titles of CSV sources, excerpts -- goes through :func:`ldwg_bot.text.wikitext.escape_wikitext`, which
turns every character with a wikitext meaning into an HTML entity (MediaWiki's
``wfEscapeWikiText`` and more): nothing a commenter writes can add a link, a
template, a heading, a table cell or a tag to the summary. Page titles go in through
:func:`~ldwg_bot.text.wikitext.wiki_link` (draft headings as fragments), forum and permalink URLs
through :func:`~ldwg_bot.text.wikitext.external_link`: a slug holding ``~~~~`` or ``__NOTOC__`` is
percent-encoded, never a signature or a magic word.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import mwparserfromhell

from .. import i18n
from ..text.langcode import is_language_code
from ..text.wikitext import escape_wikitext, external_link, fragment, page_title, wiki_link
from .record import StoredComment

_IP_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$|^[0-9A-Fa-f:]+:[0-9A-Fa-f:]*$")
#: Rows a list on the page shows at most ("Not answered yet", "Signatures to check"); the
#: rest is counted in one line, so a flood of flagged comments cannot make the page huge.
LIST_CAP = 50
#: minutes a signature may be dated after its edit before it is listed (see :mod:`.authorship`)
FUTURE_MINUTES = 10
#: a comment's ``source`` for the wiki's talk pages (the others: "forum", a CSV import's label)
WIKI = "wiki"


_msg = i18n.message  # every word on the page comes from the catalog (issue 25); full keys, so
# a grep for a key finds where it is used


def _heading(lang: str, key: str) -> list[str]:
    return ["", f"=== {_msg(lang, key)} ==="]


def _no_heading(lang: str) -> str:
    return f"''{_msg(lang, 'ldwg-bot-summary-no-heading')}''"


def excerpt(wikitext: str, limit: int = 140) -> str:
    """The comment's readable text, shortened, escaped."""
    head = wikitext[: 20 * limit]  # enough for the excerpt; bounds the parse of a huge comment
    try:
        plain = mwparserfromhell.parse(head).strip_code(normalize=True, collapse=True)
    except Exception:  # noqa: BLE001 - an excerpt must never stop a run
        plain = head
    plain = " ".join(plain.split())
    if len(plain) > limit:
        plain = plain[:limit].rsplit(" ", 1)[0] + " …"
    return escape_wikitext(plain)


def user_link(name: str, source: str = WIKI) -> str:
    """``[[User:X|X]]`` (``Special:Contributions/X`` for an IP) for a wiki user whose name is
    exactly a title, else escaped text: a link must go to the name it shows."""
    shown = escape_wikitext(name)
    title = f"Special:Contributions/{name}" if _IP_RE.match(name) else f"User:{name}"
    if source != WIKI or page_title(title) != title:
        return shown
    return wiki_link(title, shown)


def language_cell(code: str) -> str:
    if code and is_language_code(code):
        return f"{{{{#language:{code}}}}} ({code})"
    return escape_wikitext(code or "?")


def when(ts: str) -> str:
    """``2022-08-01T12:00:00Z`` -> ``2022-08-01 12:00``."""
    return ts[:16].replace("T", " ")


@dataclass
class Thread:
    where: str  # page title or CSV source label
    source: str
    section: str
    anchor: str
    comments: list[StoredComment] = field(default_factory=list)

    @property
    def first(self) -> StoredComment:
        return self.comments[0]

    @property
    def last(self) -> StoredComment:
        return max(self.comments, key=lambda c: (c.timestamp, c.pos))

    @property
    def answered(self) -> bool:
        return any(c.author != self.first.author for c in self.comments[1:])


def threads(comments: list[StoredComment]) -> list[Thread]:
    """Live comments grouped by (page or source, section), in first-seen order."""
    out: dict[tuple, Thread] = {}
    for c in comments:
        if c.status == "removed":
            continue
        where = c.page if c.source in ("wiki", "forum") else c.source
        key = (c.source, where, c.section_anchor or c.section)
        if key not in out:
            out[key] = Thread(where, c.source, c.section, c.section_anchor)
        out[key].comments.append(c)
    return list(out.values())


def _where(t: Thread, lang: str) -> str:
    if t.source == WIKI:
        return wiki_link(t.where, escape_wikitext(t.where))
    if t.source == "forum":
        return external_link(t.where, _msg(lang, "ldwg-bot-summary-forum-topic"))
    return _msg(lang, "ldwg-bot-summary-imported-source", escape_wikitext(t.where))


def _link(c: StoredComment, lang: str) -> str:
    return external_link(c.permalink, _msg(lang, "ldwg-bot-summary-link")) if c.permalink else "—"


def _capped(lines: list[str], total: int, cap: int, lang: str) -> list[str]:
    """The first ``cap`` list lines, then one line with how many more there are."""
    if total <= cap:
        return lines
    return lines[:cap] + ["* " + _msg(lang, "ldwg-bot-summary-more", total - cap, total)]


def _source_name(c: StoredComment, lang: str) -> str:
    if c.source == WIKI:
        return _msg(lang, "ldwg-bot-summary-source-talk-pages")
    if c.source == "forum":
        return _msg(lang, "ldwg-bot-summary-source-forum")
    return _msg(lang, "ldwg-bot-summary-imported-source", c.source)


#: signature_check values a human should look at (see :mod:`.authorship`), with the
#: parameters of their message
TO_CHECK = {"mismatch": (), "future": (FUTURE_MINUTES,)}


def _signatures_to_check(
    live: list[StoredComment], cap: int = LIST_CAP, lang: str = i18n.SOURCE
) -> list[str]:
    """Comments whose signature does not match the edit that added them (listed, never hidden)."""
    flagged = [c for c in live if c.signature_check in TO_CHECK]
    if not flagged:
        return []
    lines = [
        *_heading(lang, "ldwg-bot-summary-heading-signatures"),
        f"''{_msg(lang, 'ldwg-bot-summary-signatures-note')}''",
    ]
    rows = []
    for c in sorted(flagged, key=lambda c: (c.timestamp, c.id))[:cap]:
        section = escape_wikitext(c.section) if c.section else _no_heading(lang)
        diff = external_link(c.added_diff, _msg(lang, "ldwg-bot-summary-diff")) if c.added_diff else "—"
        check = c.signature_check or ""  # flagged: one of TO_CHECK
        why = _msg(lang, f"ldwg-bot-summary-signature-{check}", *TO_CHECK[check])
        rows.append(
            "* "
            + _msg(
                lang,
                "ldwg-bot-summary-signature-item",
                when(c.timestamp),
                user_link(c.author),
                user_link(c.added_by or "?"),
                section,
                escape_wikitext(c.page),
                diff,
                why,
            )
        )
    return lines + _capped(rows, len(flagged), cap, lang)


def render_summary(
    comments: list[StoredComment],
    *,
    newest: int = 10,
    parts: list | None = None,
    draft: str = "",
    cap: int = LIST_CAP,
    lang: str = i18n.SOURCE,
) -> str:
    """Wikitext for the summary section (see the module doc); with ``parts`` (of ``draft``)
    also the table of feedback per part of the draft. Lists show at most ``cap`` rows.
    Every word is in ``lang`` (the page's language); what people wrote stays as written."""
    live = [c for c in comments if c.status != "removed"]
    removed = len(comments) - len(live)
    ths = threads(comments)
    people = {c.author for c in live}
    languages = Counter(c.language for c in live)
    forum = [c for c in live if c.source == "forum"]
    imported = sum(1 for c in live if c.source not in (WIKI, "forum"))
    pages = {c.page for c in live if c.source == WIKI}
    topics = len({c.page for c in forum})
    lines = [
        f"''{_msg(lang, 'ldwg-bot-summary-intro')}''",
        *_heading(lang, "ldwg-bot-summary-heading-totals"),
        "* " + _msg(lang, "ldwg-bot-summary-totals-comments", len(live), len(ths), len(people)),
        "* " + _msg(lang, "ldwg-bot-summary-totals-sources", len(pages), len(forum), topics, imported),
        "* "
        + _msg(
            lang,
            "ldwg-bot-summary-totals-languages",
            len(languages),
            i18n.number(lang, sum(1 for t in ths if not t.answered)),
        ),
    ]
    if removed:
        lines.append("* " + _msg(lang, "ldwg-bot-summary-totals-removed", i18n.number(lang, removed)))
    if not live:
        lines += ["", _msg(lang, "ldwg-bot-summary-empty")]
        return "\n".join(lines) + "\n"

    def header(*columns: str) -> str:
        return "! " + " !! ".join(_msg(lang, c) for c in columns)

    def num(n: int) -> str:
        return i18n.number(lang, n)

    lines += [
        *_heading(lang, "ldwg-bot-summary-heading-threads"),
        '{| class="wikitable sortable"',
        header(
            "ldwg-bot-summary-column-thread",
            "ldwg-bot-summary-column-page",
            "ldwg-bot-summary-column-started-by",
            "ldwg-bot-summary-column-replies",
            "ldwg-bot-summary-column-last-activity",
            "ldwg-bot-summary-column-permalink",
        ),
    ]
    for t in sorted(ths, key=lambda t: t.last.timestamp, reverse=True):
        title = escape_wikitext(t.section) if t.section else _no_heading(lang)
        lines += [
            "|-",
            f"| {title} || {_where(t, lang)} || {user_link(t.first.author, t.source)} || "
            f"{num(len(t.comments) - 1)} || {when(t.last.timestamp)} || "
            f"{_link(t.last, lang)}",
        ]
    lines.append("|}")

    lines += [
        *_heading(lang, "ldwg-bot-summary-heading-sources"),
        '{| class="wikitable"',
        header(
            "ldwg-bot-summary-column-source",
            "ldwg-bot-summary-column-comments",
            "ldwg-bot-summary-column-threads",
            "ldwg-bot-summary-column-people",
        ),
    ]
    by_source: dict[str, list[StoredComment]] = defaultdict(list)
    for c in live:
        by_source[_source_name(c, lang)].append(c)
    for name, group in by_source.items():
        lines += [
            "|-",
            f"| {escape_wikitext(name)} || {num(len(group))} || "
            f"{num(len({(c.page, c.section_anchor or c.section) for c in group}))} || "
            f"{num(len({c.author for c in group}))}",
        ]
    lines.append("|}")

    lines += [
        *_heading(lang, "ldwg-bot-summary-heading-languages"),
        f"''{_msg(lang, 'ldwg-bot-summary-languages-note')}''",
        '{| class="wikitable sortable"',
        header(
            "ldwg-bot-summary-column-language",
            "ldwg-bot-summary-column-comments",
            "ldwg-bot-summary-column-detected",
            "ldwg-bot-summary-column-threads",
            "ldwg-bot-summary-column-people",
        ),
    ]
    by_lang: dict[str, list[StoredComment]] = defaultdict(list)
    for c in live:
        by_lang[c.language].append(c)
    for code in sorted(by_lang, key=lambda k: (-len(by_lang[k]), k)):
        group = by_lang[code]
        n_threads = len({(c.source, c.page, c.section_anchor or c.section) for c in group})
        detected = sum(1 for c in group if c.language_detected)
        lines += [
            "|-",
            f"| {language_cell(code)} || {num(len(group))} || {num(detected)} || "
            f"{num(n_threads)} || {num(len({c.author for c in group}))}",
        ]
    lines.append("|}")

    if parts:
        lines += render_parts(live, parts, draft, lang)

    lines += _heading(lang, "ldwg-bot-summary-heading-not-answered")
    waiting = sorted((t for t in ths if not t.answered), key=lambda t: t.first.timestamp)
    rows = []
    for t in waiting[:cap]:
        title = escape_wikitext(t.section) if t.section else _no_heading(lang)
        rows.append(
            "* "
            + _msg(
                lang,
                "ldwg-bot-summary-waiting-item",
                title,
                _where(t, lang),
                user_link(t.first.author, t.source),
                when(t.first.timestamp),
                _link(t.first, lang),
            )
        )
    lines += (
        _capped(rows, len(waiting), cap, lang) if waiting else [_msg(lang, "ldwg-bot-summary-all-answered")]
    )

    lines += _signatures_to_check(live, cap, lang)
    lines += _heading(lang, "ldwg-bot-summary-heading-newest")
    for c in sorted(live, key=lambda c: (c.timestamp, c.id), reverse=True)[:newest]:
        where = {WIKI: c.page, "forum": _msg(lang, "ldwg-bot-summary-source-forum")}.get(
            c.source, c.source
        )  # a forum comment's source value is no word to show
        section = escape_wikitext(c.section) if c.section else _no_heading(lang)
        lines.append(
            "* "
            + _msg(
                lang,
                "ldwg-bot-summary-comment-item",
                when(c.timestamp),
                user_link(c.author, c.source),
                section,
                escape_wikitext(where),
                _link(c, lang),
                excerpt(c.text),
            )
        )
    return "\n".join(lines) + "\n"


def first_words(text: str, n: int = 8) -> str:
    ws = text.split()
    return " ".join(ws[:n]) + (" …" if len(ws) > n else "")


def _draft_link(draft: str, part, label: str) -> str:
    """The part's label linked to its section of the draft (the heading as a fragment)."""
    return wiki_link(draft, label, section=part.section) if draft else label


def render_parts(live: list[StoredComment], parts: list, draft: str, lang: str = i18n.SOURCE) -> list[str]:
    """ "Feedback per part of the draft": one row per part that has comments, then the
    comments of each part under an anchor the row links to."""
    by_part: dict[str, list[StoredComment]] = defaultdict(list)
    for c in live:
        for link in c.draft_parts or []:
            by_part[link.part].append(c)
    general = sum(1 for c in live if not c.draft_parts)
    lines = _heading(lang, "ldwg-bot-summary-heading-parts")
    if draft:
        lines.append(
            f"''{_msg(lang, 'ldwg-bot-summary-parts-note', wiki_link(draft, escape_wikitext(draft)))}''"
        )
    columns = (
        "ldwg-bot-summary-column-part",
        "ldwg-bot-summary-column-text",
        "ldwg-bot-summary-column-comments",
        "ldwg-bot-summary-column-people",
        "ldwg-bot-summary-column-languages",
        "ldwg-bot-summary-column-newest",
        "ldwg-bot-summary-column-list",
    )
    lines += ['{| class="wikitable sortable"', "! " + " !! ".join(_msg(lang, c) for c in columns)]
    listed = [p for p in parts if by_part.get(p.key)]
    for p in listed:
        cs = by_part[p.key]
        label = ("§ " if p.heading else "") + escape_wikitext(first_words(p.source))
        langs = ", ".join(sorted({c.language or "?" for c in cs}))
        newest_c = max(cs, key=lambda c: (c.timestamp, c.id))
        key = escape_wikitext(p.key)
        to_list = f"[[#ldwg-part-{fragment(p.key)}|{_msg(lang, 'ldwg-bot-summary-part-comments-link')}]]"
        lines += [
            "|-",
            f"| {key} || {_draft_link(draft, p, label)} || {i18n.number(lang, len(cs))} || "
            f"{i18n.number(lang, len({c.author for c in cs}))} || {escape_wikitext(langs)} || "
            f"{when(newest_c.timestamp)} || {to_list}",
        ]
    lines += [
        "|-",
        f"| — || ''{_msg(lang, 'ldwg-bot-summary-part-general')}'' || {i18n.number(lang, general)} "
        "|| || || ||",
        "|}",
    ]
    for p in listed:
        key = escape_wikitext(p.key)
        lines += [
            "",
            f'<span id="ldwg-part-{key}"></span>'
            + _msg(lang, "ldwg-bot-summary-part-heading", key, escape_wikitext(first_words(p.source, 5))),
        ]
        for c in sorted(by_part[p.key], key=lambda c: (c.timestamp, c.id)):
            how = next(ln.method for ln in c.draft_parts if ln.part == p.key)
            lines.append(
                "* "
                + _msg(
                    lang,
                    "ldwg-bot-summary-part-item",
                    when(c.timestamp),
                    user_link(c.author, c.source),
                    escape_wikitext(c.language or "?"),
                    _msg(lang, f"ldwg-bot-summary-method-{how}"),
                    _link(c, lang),
                    excerpt(c.text, 100),
                )
            )
    return lines
