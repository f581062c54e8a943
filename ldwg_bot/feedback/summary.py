"""The feedback summary page: stored comments in, wikitext out (pure).

:func:`render_summary` builds the content the job writes between the
``feedback-summary`` markers: totals, one row per thread, one per language,
the threads nobody has answered yet and the newest comments. It depends only
on the comments (no clock), so an unchanged store renders byte-identical
text and the wiki layer makes no edit.

Everything that comes from a comment -- user names, section titles, page
titles of CSV sources, excerpts -- goes through :func:`ldwg_bot.wikitext.escape_wikitext`, which
turns every character with a wikitext meaning into an HTML entity (MediaWiki's
``wfEscapeWikiText`` and more): nothing a commenter writes can add a link, a
template, a heading, a table cell or a tag to the summary. Page titles go in through
:func:`~ldwg_bot.wikitext.wiki_link` (draft headings as fragments), forum and permalink URLs
through :func:`~ldwg_bot.wikitext.external_link`: a slug holding ``~~~~`` or ``__NOTOC__`` is
percent-encoded, never a signature or a magic word.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
import mwparserfromhell

from ..langcode import is_language_code
from ..wikitext import escape_wikitext, external_link, fragment, page_title, wiki_link

_IP_RE = re.compile(r"^\d{1,3}(\.\d{1,3}){3}$|^[0-9A-Fa-f:]+:[0-9A-Fa-f:]*$")
#: Rows a list on the page shows at most ("Not answered yet", "Signatures to check"); the
#: rest is counted in one line, so a flood of flagged comments cannot make the page huge.
LIST_CAP = 50


def excerpt(wikitext: str, limit: int = 140) -> str:
    """The comment's readable text, shortened, escaped."""
    head = wikitext[:20 * limit]   # enough for the excerpt; bounds the parse of a huge comment
    try:
        plain = mwparserfromhell.parse(head).strip_code(normalize=True, collapse=True)
    except Exception:   # noqa: BLE001 - an excerpt must never stop a run
        plain = head
    plain = " ".join(plain.split())
    if len(plain) > limit:
        plain = plain[:limit].rsplit(" ", 1)[0] + " …"
    return escape_wikitext(plain)


def user_link(name: str, source: str = "wiki") -> str:
    """``[[User:X|X]]`` (``Special:Contributions/X`` for an IP) for a wiki user whose name is
    exactly a title, else escaped text: a link must go to the name it shows."""
    shown = escape_wikitext(name)
    title = f"Special:Contributions/{name}" if _IP_RE.match(name) else f"User:{name}"
    if source != "wiki" or page_title(title) != title:
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
    where: str                  # page title or CSV source label
    source: str
    section: str
    anchor: str
    comments: list[dict] = field(default_factory=list)

    @property
    def first(self) -> dict:
        return self.comments[0]

    @property
    def last(self) -> dict:
        return max(self.comments, key=lambda c: (c["timestamp"], c["pos"]))

    @property
    def answered(self) -> bool:
        return any(c["author"] != self.first["author"] for c in self.comments[1:])


def threads(comments: list[dict]) -> list[Thread]:
    """Live comments grouped by (page or source, section), in first-seen order."""
    out: dict[tuple, Thread] = {}
    for c in comments:
        if c["status"] == "removed":
            continue
        where = c["page"] if c["source"] in ("wiki", "forum") else c["source"]
        key = (c["source"], where, c["section_anchor"] or c["section"])
        if key not in out:
            out[key] = Thread(where, c["source"], c["section"], c["section_anchor"])
        out[key].comments.append(c)
    return list(out.values())


def _where(t: Thread) -> str:
    if t.source == "wiki":
        return wiki_link(t.where, escape_wikitext(t.where))
    if t.source == "forum":
        return external_link(t.where, "forum topic")
    return f"{escape_wikitext(t.where)} (import)"


def _link(c: dict, label: str = "link") -> str:
    return external_link(c["permalink"], label) if c.get("permalink") else "—"


def _capped(lines: list[str], total: int, cap: int) -> list[str]:
    """The first ``cap`` list lines, then one line with how many more there are."""
    if total <= cap:
        return lines
    return lines[:cap] + [f"* … and {total - cap} more ({total} in all)"]


def _topics(forum: list[dict]) -> str:
    n = len({c["page"] for c in forum})
    return f"{n} topic" if n == 1 else f"{n} topics"


def _source_name(c: dict) -> str:
    return {"wiki": "talk pages", "forum": "forum"}.get(c["source"], f"{c['source']} (import)")


#: signature_check values a human should look at (see :mod:`.authorship`).
TO_CHECK = {"mismatch": "signed by someone other than the editor",
            "future": "signature dated more than 10 minutes after the edit"}


def _signatures_to_check(live: list[dict], cap: int = LIST_CAP) -> list[str]:
    """Comments whose signature does not match the edit that added them (listed, never hidden)."""
    flagged = [c for c in live if c.get("signature_check") in TO_CHECK]
    if not flagged:
        return []
    lines = ["", "=== Signatures to check ===",
             "''The edit that added these comments does not match their signature. They are still "
             "counted above; a human should look at the diff.''"]
    rows = []
    for c in sorted(flagged, key=lambda c: (c["timestamp"], c["id"]))[:cap]:
        section = escape_wikitext(c["section"]) if c["section"] else "''(no heading)''"
        diff = external_link(c["added_diff"], "diff") if c.get("added_diff") else "—"
        rows.append(f"* {when(c['timestamp'])} — signed {user_link(c['author'])}, added by "
                    f"{user_link(c.get('added_by') or '?')} in {section} ({escape_wikitext(c['page'])}, "
                    f"{diff}): {TO_CHECK[c['signature_check']]}")
    return lines + _capped(rows, len(flagged), cap)


def render_summary(comments: list[dict], *, newest: int = 10, parts: list | None = None,
                   draft: str = "", cap: int = LIST_CAP) -> str:
    """Wikitext for the summary section (see the module doc); with ``parts`` (of ``draft``)
    also the table of feedback per part of the draft. Lists show at most ``cap`` rows."""
    live = [c for c in comments if c["status"] != "removed"]
    removed = len(comments) - len(live)
    ths = threads(comments)
    people = {c["author"] for c in live}
    languages = Counter(c["language"] for c in live)
    forum = [c for c in live if c["source"] == "forum"]
    imported = sum(1 for c in live if c["source"] not in ("wiki", "forum"))
    pages = {c["page"] for c in live if c["source"] == "wiki"}
    lines = [
        "''This section is updated by ldwg-bot from the talk pages, the forum and imported survey "
        "and call notes. Edits inside it are overwritten; write above or below it.''",
        "",
        "=== Totals ===",
        f"* '''{len(live)}''' comments in '''{len(ths)}''' threads from '''{len(people)}''' people",
        f"* {len(pages)} talk pages, {len(forum)} forum posts in {_topics(forum)}, "
        f"{imported} comments from imported surveys and calls",
        f"* {len(languages)} languages; threads not answered yet: {sum(1 for t in ths if not t.answered)}",
    ]
    if removed:
        lines.append(f"* comments removed from the pages since they were collected: {removed}")
    if not live:
        lines += ["", "No feedback yet."]
        return "\n".join(lines) + "\n"

    lines += ["", "=== Threads ===", '{| class="wikitable sortable"',
              "! Thread !! Page !! Started by !! Replies !! Last activity !! Permalink"]
    for t in sorted(ths, key=lambda t: t.last["timestamp"], reverse=True):
        title = escape_wikitext(t.section) if t.section else "''(no heading)''"
        lines += ["|-", f"| {title} || {_where(t)} || {user_link(t.first['author'], t.source)} || "
                        f"{len(t.comments) - 1} || {when(t.last['timestamp'])} || {_link(t.last)}"]
    lines.append("|}")

    lines += ["", "=== Sources ===", '{| class="wikitable"', "! Source !! Comments !! Threads !! People"]
    by_source: dict[str, list[dict]] = defaultdict(list)
    for c in live:
        by_source[_source_name(c)].append(c)
    for name, group in by_source.items():
        lines += ["|-", f"| {escape_wikitext(name)} || {len(group)} || "
                        f"{len({(c['page'], c['section_anchor'] or c['section']) for c in group})} || "
                        f"{len({c['author'] for c in group})}"]
    lines.append("|}")

    lines += ["", "=== Languages ===",
              "''Language of each comment as detected from its own words; comments too short or "
              "unclear to tell count in their page's language.''",
              '{| class="wikitable sortable"',
              "! Language !! Comments !! Detected from the text !! Threads !! People"]
    by_lang: dict[str, list[dict]] = defaultdict(list)
    for c in live:
        by_lang[c["language"]].append(c)
    for code in sorted(by_lang, key=lambda k: (-len(by_lang[k]), k)):
        group = by_lang[code]
        n_threads = len({(c["source"], c["page"], c["section_anchor"] or c["section"]) for c in group})
        detected = sum(1 for c in group if c.get("language_detected"))
        lines += ["|-", f"| {language_cell(code)} || {len(group)} || {detected} || {n_threads} || "
                        f"{len({c['author'] for c in group})}"]
    lines.append("|}")

    if parts:
        lines += render_parts(live, parts, draft)

    lines += ["", "=== Not answered yet ==="]
    waiting = sorted((t for t in ths if not t.answered), key=lambda t: t.first["timestamp"])
    rows = []
    for t in waiting[:cap]:
        title = escape_wikitext(t.section) if t.section else "''(no heading)''"
        rows.append(f"* {title} — {_where(t)}, {user_link(t.first['author'], t.source)}, "
                    f"{when(t.first['timestamp'])} ({_link(t.first)})")
    lines += _capped(rows, len(waiting), cap) if waiting else ["Every thread has an answer."]

    lines += _signatures_to_check(live, cap)
    lines += ["", "=== Newest comments ==="]
    for c in sorted(live, key=lambda c: (c["timestamp"], c["id"]), reverse=True)[:newest]:
        where = c["page"] if c["source"] == "wiki" else c["source"]
        section = escape_wikitext(c["section"]) if c["section"] else "''(no heading)''"
        lines.append(f"* {when(c['timestamp'])} — {user_link(c['author'], c['source'])} in "
                     f"{section} ({escape_wikitext(where)}, {_link(c)}): {excerpt(c['text'])}")
    return "\n".join(lines) + "\n"


def first_words(text: str, n: int = 8) -> str:
    ws = text.split()
    return " ".join(ws[:n]) + (" …" if len(ws) > n else "")


def _draft_link(draft: str, part, label: str) -> str:
    """The part's label linked to its section of the draft (the heading as a fragment)."""
    return wiki_link(draft, label, section=part.section) if draft else label


def render_parts(live: list[dict], parts: list, draft: str) -> list[str]:
    """"Feedback per part of the draft": one row per part that has comments, then the
    comments of each part under an anchor the row links to."""
    by_part: dict[str, list[dict]] = defaultdict(list)
    for c in live:
        for link in c.get("draft_parts") or []:
            by_part[link["part"]].append(c)
    general = sum(1 for c in live if not c.get("draft_parts"))
    lines = ["", "=== Feedback per part of the draft ==="]
    if draft:
        lines.append(f"''Comments that quote a part of {wiki_link(draft, escape_wikitext(draft))} "
                     "(in any of its languages) or reply "
                     "under a heading that names one of its sections.''")
    lines += ['{| class="wikitable sortable"',
              "! Part !! Text !! Comments !! People !! Languages !! Newest !! List"]
    listed = [p for p in parts if by_part.get(p.key)]
    for p in listed:
        cs = by_part[p.key]
        label = ("§ " if p.heading else "") + escape_wikitext(first_words(p.source))
        langs = ", ".join(sorted({c["language"] or "?" for c in cs}))
        newest_c = max(cs, key=lambda c: (c["timestamp"], c["id"]))
        key = escape_wikitext(p.key)
        lines += ["|-", f"| {key} || {_draft_link(draft, p, label)} || {len(cs)} || "
                        f"{len({c['author'] for c in cs})} || {escape_wikitext(langs)} || "
                        f"{when(newest_c['timestamp'])} || [[#ldwg-part-{fragment(p.key)}|comments]]"]
    lines += ["|-", f"| — || ''general (no part)'' || {general} || || || ||", "|}"]
    for p in listed:
        key = escape_wikitext(p.key)
        lines += ["", f'<span id="ldwg-part-{key}"></span>'
                      f"'''Part {key}''' ({escape_wikitext(first_words(p.source, 5))}):"]
        for c in sorted(by_part[p.key], key=lambda c: (c["timestamp"], c["id"])):
            how = next(ln["method"] for ln in c["draft_parts"] if ln["part"] == p.key)
            lines.append(f"* {when(c['timestamp'])} — {user_link(c['author'], c['source'])} "
                         f"({escape_wikitext(c['language'] or '?')}, {how}, {_link(c)}): "
                         f"{excerpt(c['text'], 100)}")
    return lines
