"""Split a talk page's wikitext into signed comments (pure; linear in the page size).

:func:`parse_comments` runs three named steps:

1. :func:`read_page` -- :func:`.mask.mask_page` blanks what is not
   discussion text (one linear pass, offsets kept), the signature scanner
   finds user links + timestamps on the masked copy, ``{{unsigned}}`` calls
   become signatures and ``{{outdent}}`` calls are noted.
2. :class:`_Reader` -- walks headings and signatures in page order: section
   titles and their MediaWiki anchors, each comment's extent, text and
   indentation (the rules are in :mod:`.threads`).
3. :func:`.threads.thread` and :func:`.threads.assign_ids` -- parents and
   DiscussionTools ids.

Every step is linear: no search restarts from the start of the page, repeated
headings get their ``_2``-style anchors from a counter, and a ``budget`` (in
seconds) makes the parse stop between steps with :class:`ParseTimeout`
rather than hold up a whole run.
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import mwparserfromhell

from ..errors import LdwgError
from .conventions import WikiConventions
from .mask import OUTDENT_TEMPLATES, TemplateCall, blank_spans, mask_page
from .signatures import Signature, SignatureScanner, normalize_username
from .threads import (
    BLOCK_TAG_RE,
    NO_SECTION,
    Draft,
    Section,
    assign_ids,
    filler,
    indent_of,
    markup_only,
    name_of,
    paragraph_continues,
    thread,
)

_HEADING_RE = re.compile(r"^(={1,6})(.+?)(={1,6})[ \t]*$", re.MULTILINE)
_INDENT_RE = re.compile(r"[:*#]*")
_SIG_LEFTOVER_RE = re.compile(
    r"(?:\s*(?:<(?:span|font|b|i|small|sup|sub|big|strong|em|s|u|bdi|abbr|samp|kbd|tt|code)\b[^<>]*>"
    r"|'{2,}|-{2,}|[—–~]|\\{1,2}))+\s*$",
    re.IGNORECASE,
)
#: Heading text with none of these characters reads the same after mwparserfromhell.
_PLAIN_HEADING_RE = re.compile(r"^[^\[\]{}<>&'_~|*#:;=]*$")
_LONG_HEADING = 2000


class ParseTimeout(LdwgError):
    """The page took longer than its time budget (the job skips it)."""


class Budget:
    """Seconds allowed for one page; :meth:`check` between steps."""

    def __init__(self, seconds: float | None, clock=time.monotonic):
        self.clock = clock
        self.deadline = None if seconds is None else clock() + seconds
        self.seconds = seconds

    def check(self, step: str) -> None:
        if self.deadline is not None and self.clock() > self.deadline:
            raise ParseTimeout(f"parsing took longer than its budget of {self.seconds:g} s ({step})")


@dataclass(frozen=True)
class Comment:
    """One signed comment of a talk page (:func:`.record.from_comment` makes its record)."""

    id: str  # DiscussionTools id, e.g. c-Alice-20220801120000-Topic
    name: str  # DiscussionTools name: c-<author>-<timestamp>
    parent_id: str | None  # reply-to comment (outdent aware); None for a top-level comment
    section: str  # heading text without markup; "" before the first heading
    section_level: int  # 1-6; 0 before the first heading
    section_anchor: str  # MediaWiki anchor of the heading ("" before the first one)
    level: int  # reply depth, 0 = top level; outdented comments continue the tree
    indent: int  # count of leading ':', '*', '#' in the wikitext
    author: str
    timestamp: datetime  # aware, UTC
    text: str  # the comment's wikitext without signature and indentation
    line: int  # 1-based line of the signature
    start: int  # offset of the comment's first character in the page
    end: int  # offset just past the (last) signature
    outdented: bool = False
    sig_start: int = 0  # offset of the (first) signature
    signature: str = ""  # its wikitext: what finds the comment in older revisions
    signatures: int = 1  # signatures folded into this comment (same person, same paragraph)
    unsigned: bool = False  # signed by an {{unsigned}} template, not by its author


# ------------------------------------------------------------------ step 1


@dataclass
class PageText:
    """The page as step 1 leaves it: masked copy, signatures and a line index."""

    text: str
    masked: str
    textsrc: str  # the page with {{unsigned}}/{{outdent}} calls blanked
    sigs: list[Signature]
    unsigned: set[int]  # start offsets of signatures made by {{unsigned}}
    outdents: list[int]
    line_starts: list[int]

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset) - 1

    def line_end(self, li: int) -> int:
        return self.line_starts[li + 1] - 1 if li + 1 < len(self.line_starts) else len(self.text)

    def line(self, li: int, start: int = 0) -> str:
        return self.masked[max(self.line_starts[li], start) : self.line_end(li)]


def _unsigned_signature(call: TemplateCall, scanner: SignatureScanner) -> Signature | None:
    when, author = None, None
    for value in (v.strip() for v in call.positional[:3]):
        stamp = scanner.parse_timestamp(value) if when is None and len(value) < 200 else None
        if stamp is not None:
            when = stamp
        elif author is None and value and len(value) < 300:
            author = normalize_username(mwparserfromhell.parse(value).strip_code().strip(), scanner.conv)
    if when is None or author is None:
        return None
    return Signature(call.start, call.start, call.end, author, when)


def read_page(text: str, conv: WikiConventions) -> PageText:
    """Step 1: mask, find signatures (``{{unsigned}}`` included) and outdents."""
    scanner = SignatureScanner(conv)
    masked, calls = mask_page(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", masked)]
    sigs = scanner.signatures(masked, line_starts)
    outdents: list[int] = []
    unsigned: set[int] = set()
    for call in calls:
        if call.key in OUTDENT_TEMPLATES:
            outdents.append(call.start)
        else:
            sig = _unsigned_signature(call, scanner)
            if sig is not None:
                sigs.append(sig)
                unsigned.add(sig.start)
    if unsigned:
        sigs.sort(key=lambda s: s.start)
    textsrc = blank_spans(text, [(call.start, call.end) for call in calls])
    return PageText(text, masked, textsrc, sigs, unsigned, outdents, line_starts)


# ------------------------------------------------------------------ step 2


def section_title(raw: str) -> str:
    """Heading wikitext to plain text (links to their labels, markup removed)."""
    if _PLAIN_HEADING_RE.match(raw):
        return " ".join(raw.split())
    if len(raw) > _LONG_HEADING:  # no real heading is this long: a crude, linear cleanup
        raw = re.sub(r"<[^<>]*>|\[\[(?:[^\[\]|]*\|)?|\]\]|'{2,}|\{\{|\}\}", "", raw)
        return " ".join(raw.split())
    plain = mwparserfromhell.parse(raw).strip_code(normalize=True, collapse=True)
    return " ".join(plain.split())


class Anchors:
    """MediaWiki's html5 heading anchors, ``_2``-style deduplicated (Parser::finalizeHeadings).

    The next number to try is kept per anchor, so N equal headings cost N
    steps, not N²/2 (MediaWiki counts up from 2 each time)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.next_number: dict[str, int] = {}

    @staticmethod
    def base(title: str) -> tuple[str, str]:
        """(anchor, key): the anchor before numbering and its case-folded key."""
        anchor = re.sub(r"[\t\n\f\r ]", "_", " ".join(re.split(r"[ _]+", title.strip())).strip())
        return anchor, anchor.encode().lower().decode()  # PHP strtolower: ASCII only

    def __call__(self, anchor: str, key: str) -> str:
        if key not in self.seen:
            self.seen.add(key)
            return anchor
        i = self.next_number.get(key, 2)
        while f"{key}_{i}" in self.seen:
            i += 1
        self.seen.add(f"{key}_{i}")
        self.next_number[key] = i + 1
        return f"{anchor}_{i}"


def _clean_text(segment: str) -> str:
    lines = [_INDENT_RE.sub("", line, count=1).strip() for line in segment.split("\n")]
    text = "\n".join(lines).strip()
    tail = len(text) - 200  # the leftover regex is anchored at the end; keep it linear
    if tail > 0:
        return (text[:tail] + _SIG_LEFTOVER_RE.sub("", text[tail:])).strip()
    return _SIG_LEFTOVER_RE.sub("", text).strip()


class _Heading(NamedTuple):
    """A heading line read once: its title, level, anchor before numbering and that anchor's key."""

    title: str
    level: int
    anchor: str
    key: str


class _Reader:
    """Step 2: headings and signatures in page order -> :class:`Draft` comments."""

    def __init__(self, page: PageText, budget: Budget):
        self.page = page
        self.budget = budget
        self.drafts: list[Draft] = []
        self.section = NO_SECTION
        self.seg_start = 0
        self.out_i = 0
        self.anchors = Anchors()
        self.titles: dict[str, _Heading] = {}
        self.paragraph_ends: dict[int, int] = {}

    def run(self) -> list[Draft]:
        sigs, k = self.page.sigs, 0
        for n, m in enumerate(_HEADING_RE.finditer(self.page.masked)):
            while k < len(sigs) and sigs[k].start < m.start():
                self.comment(k)
                k += 1
            self.heading(m)
            if n % 4096 == 4095:
                self.budget.check("reading headings")
        for rest in range(k, len(sigs)):
            if rest % 4096 == 4095:
                self.budget.check("reading comments")
            self.comment(rest)
        return self.drafts

    def heading(self, m: re.Match[str]) -> None:
        known = self.titles.get(m.group())
        if known is None:
            left, right = len(m.group(1)), len(m.group(3))
            level = min(left, right)
            title = section_title("=" * (left - level) + m.group(2) + "=" * (right - level))
            known = self.titles[m.group()] = _Heading(title, level, *Anchors.base(title))
        self.section = Section(known.title, known.level, self.anchors(known.anchor, known.key))
        self.seg_start = m.end() + 1

    def paragraph_end(self, li: int) -> int:
        """Rule 2 of :mod:`.threads`: where the paragraph holding line ``li`` ends."""
        page = self.page
        if indent_of(page.line(li)) or page.line(li)[:1] == ";":
            return page.line_end(li)
        if li not in self.paragraph_ends:
            k = li
            while k + 1 < len(page.line_starts) and paragraph_continues(page.line(k + 1)):
                k += 1
            for x in range(li, k + 1):
                self.paragraph_ends[x] = page.line_end(k)
        return self.paragraph_ends[li]

    def comment(self, k: int) -> None:
        page, sig = self.page, self.page.sigs[k]
        if sig.start < self.seg_start:
            return  # inside a heading line, or folded into the previous comment
        seg_start, sig_line = self.seg_start, page.line_of(sig.ts_start)
        first_text, first_content = self.start_lines(sig_line)
        text_from = max(seg_start, page.line_starts[first_text])
        body = page.textsrc[text_from : sig.start]
        indent = indent_of(page.line(sig_line))
        if first_content != sig_line:
            indent = min(indent, indent_of(page.line(first_content)))
        last, parts, j = sig, [_clean_text(body)], k + 1
        para_end = self.paragraph_end(sig_line)
        while (
            j < len(page.sigs)
            and page.sigs[j].start < para_end
            and page.sigs[j].author == sig.author
            and not BLOCK_TAG_RE.search(page.masked, last.end, page.sigs[j].start)
        ):
            parts.append(_clean_text(page.textsrc[last.end : page.sigs[j].start]))
            last, j = page.sigs[j], j + 1
        line_end = page.line_end(page.line_of(last.ts_start))
        if j < len(page.sigs) and page.sigs[j].start < line_end:
            self.seg_start = last.end
        else:
            parts.append(_clean_text(page.textsrc[last.end : line_end]))
            self.seg_start = min(len(page.text), line_end + 1)
        outdented = False
        while self.out_i < len(page.outdents) and page.outdents[self.out_i] < last.end:
            outdented = outdented or page.outdents[self.out_i] >= seg_start
            self.out_i += 1
        start = text_from + (len(body) - len(body.lstrip()))
        self.drafts.append(
            Draft(
                sig,
                start,
                last.end,
                " ".join(p for p in parts if p),
                sig_line + 1,
                indent,
                outdented,
                self.section,
                signatures=j - k,
            )
        )

    def start_lines(self, sig_line: int) -> tuple[int, int]:
        """(first line with words, first line DiscussionTools would start at) of the
        comment that ends on ``sig_line`` (rule 1 of :mod:`.threads`)."""
        page, first_text = self.page, None
        for li in range(page.line_of(self.seg_start), sig_line):
            content = page.line(li, self.seg_start)
            # the text keeps quoted and commented-out words (judged on the unmasked line)
            if first_text is None and not markup_only(
                page.textsrc[max(page.line_starts[li], self.seg_start) : page.line_end(li)]
            ):
                first_text = li
            if not filler(content):
                return (li if first_text is None else first_text), li
        return (sig_line if first_text is None else first_text), sig_line


# ------------------------------------------------------------------ all steps


def parse_comments(text: str, conv: WikiConventions, *, budget: float | None = None) -> list[Comment]:
    """Every signed comment of ``text``, in page order. Never raises on odd input,
    except :class:`ParseTimeout` when ``budget`` seconds are used up."""
    if not text:
        return []
    clock = Budget(budget)
    page = read_page(text, conv)
    clock.check("masking and signatures")
    drafts = _Reader(page, clock).run()
    clock.check("reading comments")
    thread(drafts)
    assign_ids(drafts)
    return [
        Comment(
            id=d.id,
            name=name_of(d),
            parent_id=d.logic_parent.id if d.logic_parent else None,
            section=d.section.title,
            section_level=d.section.level,
            section_anchor=d.section.anchor,
            level=d.level,
            indent=d.indent,
            author=d.sig.author,
            timestamp=d.sig.timestamp,
            text=d.text,
            line=d.line,
            start=d.start,
            end=d.end,
            outdented=d.outdented,
            sig_start=d.sig.start,
            signature=text[d.sig.start : d.sig.end],
            signatures=d.signatures,
            unsigned=d.sig.start in page.unsigned,
        )
        for d in drafts
    ]
