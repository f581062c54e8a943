"""Which comment answers which: the rules DiscussionTools applies, on wikitext (pure).

DiscussionTools (``includes/CommentParser.php``, ``buildThreadItems``,
``buildThreads`` and ``computeId``, with the item model in
``includes/ThreadItem/ContentThreadItem.php``) reads the rendered HTML of a
talk page. The rules we adopt from it, stated for wikitext lines:

1. **A comment runs from the end of the previous comment (or heading) to its
   signature.** Its depth is the smaller of two indentations: that of its
   first *interesting* line and that of its signature line. Lines that render
   no text -- empty lines, lines of bare tags such as
   ``<div style="clear:both;"></div>`` or ``<span></span>``, HTML comments,
   a template call alone on a line (``{{clear}}``, leftovers of boxes),
   table or rule markup -- are not interesting. (We also pass over lines
   that are wholly quoted or preformatted -- ``<pre>``, ``<nowiki>``,
   ``<blockquote>`` -- which DiscussionTools would read as the reply's
   start; their words stay in the reply's text.) DiscussionTools skips
   nodes without text (``nextInterestingLeafNode``, rendering-transparent
   nodes and separators ``<br>``/``<hr>``/``{{outdent}}``) when it looks for
   a comment's start. So such a line between a comment and the ``:`` reply
   below it does not pull the reply to depth 0.
2. **One paragraph, one comment.** After a signature DiscussionTools walks
   to the end of the paragraph or list item and folds every further
   signature it meets into the same comment (``linearWalk`` up to a block
   element): a postscript signed again is not a new comment, and a reply
   below answers the whole. We fold a further signature in the same
   paragraph -- the same list line, or following unindented lines up to a
   blank line, list, heading, table or block tag -- when it is **by the same
   person**; the comment keeps the first signature's author and time, as
   there. A signature by someone else in the same paragraph still starts a
   comment of its own (DiscussionTools would fold it too and lose that
   person's authorship; we do not).
3. **Signatures may be wrapped in inline markup** (``<samp>``, ``<span>``,
   ``<small>``, ``<kbd>``, ...): only the link and the timestamp matter,
   whatever inline tags or text (``\\\\``) lie between (``findSignature``).
4. **Parents come from depth** (``buildThreads``): a comment at depth *d*
   replies to the closest preceding comment of the same section at depth
   *d - 1*; when depths are skipped the previous comment stands in for the
   missing ones; depth 0 hangs under the heading.
5. **Ids** (``computeId``): ``c-<author>-<time>`` then ``-<parent author>-
   <parent time>`` for a reply or ``-<heading anchor>`` for a top-level
   comment under a real heading, then ``-1``, ``-2`` ... when taken. The
   parent is part of the id, so a comment cut and pasted under another
   heading gets a new id; the store matches it by name and reports it as
   ``moved`` with its ``previous_id``.

``{{outdent}}`` is a separator for DiscussionTools (the id keeps the
structural parent); our ``parent_id`` follows the outdent to the comment it
continues (``logic_parent``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import NamedTuple

from .signatures import Signature

# DiscussionTools: comments made before this date use ISO timestamps in ids
# (DiscussionToolsTimestampFormatSwitchTime, CommentItemTrait::getTimestampString).
_TS_FORMAT_SWITCH = datetime(2022, 7, 12, tzinfo=UTC)
_ANY_TAG_RE = re.compile(r"</?[A-Za-z][^<>\n]*>")
_MAGIC_RE = re.compile(r"__[A-Z]+__")
_BRACES_RE = re.compile(r"\{\{|\}\}")
#: Tags that end a paragraph (HTML block elements as wikitext writes them).
BLOCK_TAG_RE = re.compile(
    r"</?(?:div|p|table|blockquote|center|h[1-6]|ul|ol|dl|li|dd|dt|hr|pre)\b", re.IGNORECASE
)


class Section(NamedTuple):
    """The heading a comment is under (level 0 and empty strings before the first one)."""

    title: str  # heading text without markup
    level: int  # 1-6
    anchor: str  # MediaWiki's anchor of the heading, _2-style deduplicated


NO_SECTION = Section("", 0, "")


@dataclass
class Draft:
    """A comment while the page is read; :mod:`.parse` turns it into a ``Comment``."""

    sig: Signature
    start: int
    end: int
    text: str
    line: int
    indent: int
    outdented: bool
    section: Section
    signatures: int = 1
    struct_parent: Draft | None = None
    logic_parent: Draft | None = None
    level: int = 0
    id: str = ""
    name: str = ""


def _outside_templates(s: str) -> str:
    if "{{" not in s:
        return s
    out, depth, last = [], 0, 0
    for m in _BRACES_RE.finditer(s):
        if depth == 0:
            out.append(s[last : m.start()])
        depth = depth + 1 if m.group() == "{{" else max(0, depth - 1)
        last = m.end()
    if depth == 0:
        out.append(s[last:])
    return "".join(out)


def markup_only(line: str) -> bool:
    """Nothing a reader sees as words: blank, bare tags, indentation, table/rule markup."""
    s = _ANY_TAG_RE.sub("", line).replace("&nbsp;", "")
    return not _MAGIC_RE.sub("", s).strip(" \t-|{}!:*#;")


def filler(line: str) -> bool:
    """Rule 1: a line DiscussionTools would skip when it looks for a comment's start."""
    if markup_only(line):
        return True
    s = _outside_templates(_ANY_TAG_RE.sub("", line)).replace("&nbsp;", "")
    return not _MAGIC_RE.sub("", s).strip(" \t-|{}!:*#;")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(":*#"))


def paragraph_continues(line: str) -> bool:
    """Rule 2: may an unindented paragraph go on with this (masked) line?"""
    if not line.strip() or line[0] in ":*#;= \t" or line.startswith(("{|", "|", "!", "----")):
        return False
    return BLOCK_TAG_RE.search(line) is None


def thread(drafts: list[Draft]) -> None:
    """Structural parents (rule 4) and logical ones (outdent aware)."""
    section = None
    struct: list = []
    logic: list = []
    shift = 0
    prev: Draft | None = None
    for d in drafts:
        if d.section is not section:
            section, struct, logic, shift, prev = d.section, [None], [None], 0, None
        d.struct_parent = _attach(struct, d.indent, d)
        if d.outdented and prev is not None:
            shift = prev.level + 1 - d.indent
        d.level = max(0, d.indent + shift)
        d.logic_parent = _attach(logic, d.level, d)
        prev = d


def _attach(stack: list, level: int, item: Draft):
    """DiscussionTools' ``replies`` stack: index 0 is the heading."""
    while len(stack) < level + 1:
        stack.append(stack[-1])
    parent = stack[level]
    del stack[level + 1 :]
    stack.append(item)
    return parent


def _ts_string(when: datetime) -> str:
    if when < _TS_FORMAT_SWITCH:
        return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return when.strftime("%Y%m%d%H%M%S")


def truncate(s: str, limit: int = 80) -> str:
    """Language::truncateForDatabase( $s, 80, '' ): at most 80 UTF-8 bytes, whole characters."""
    data = s.encode()
    if len(data) <= limit:
        return s
    return data[:limit].decode("utf-8", "ignore")


def name_of(d: Draft) -> str:
    """DiscussionTools' name: ``c-<author>-<time>`` (computed once per draft)."""
    if not d.name:
        d.name = f"c-{truncate(d.sig.author.replace(' ', '_'))}-{_ts_string(d.sig.timestamp)}"
    return d.name


def assign_ids(drafts: list[Draft]) -> None:
    """Rule 5 (DiscussionTools ``CommentParser::computeId``)."""
    taken: set[str] = set()
    next_free: dict[str, int] = {}  # first number worth trying: keeps many duplicates linear
    for d in drafts:
        ident = name_of(d)
        parent = d.struct_parent
        if parent is not None:
            ident += "-" + name_of(parent)[2:]
        elif d.section.level > 0:
            ident += "-" + truncate(d.section.anchor)
        if ident in taken:
            n = next_free.get(ident, 1)
            while f"{ident}-{n}" in taken:
                n += 1
            next_free[ident] = n + 1
            ident = f"{ident}-{n}"
        taken.add(ident)
        d.id = ident
