"""Split a talk page's wikitext into signed comments.

One mwparserfromhell parse finds what is not rendered as discussion text
(HTML comments, ``<nowiki>``, ``<pre>``, code, quotes, references) and the
``{{unsigned}}``/``{{outdent}}`` templates; those are blanked out in a
*masked* copy of the page with offsets kept. A line scanner with compiled
regexes then finds headings, indentation and signatures on the masked text.

Threading follows DiscussionTools (``CommentParser::buildThreads``): a comment
replies to the closest preceding comment of the same section with a smaller
indentation; skipped levels attach to the last comment. Ids follow
``CommentParser::computeId`` (see :func:`_assign_ids`).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import datetime, timezone

import mwparserfromhell
from mwparserfromhell.nodes import Comment as WikiComment
from mwparserfromhell.nodes import Heading, Tag, Template, Text

from .conventions import WikiConventions
from .signatures import Signature, SignatureScanner, normalize_username

#: Tags whose content is not discussion: DiscussionTools skips quotes and
#: references; the rest are not parsed as wikitext by MediaWiki at all.
IGNORED_TAGS = frozenset({
    "nowiki", "pre", "syntaxhighlight", "source", "code", "tt", "kbd", "samp", "math", "chem",
    "ce", "score", "graph", "timeline", "hiero", "templatedata", "blockquote", "q", "cite",
    "ref", "references", "gallery", "mapframe", "maplink", "inputbox",
})
UNSIGNED_TEMPLATES = frozenset({"unsigned", "unsigned2", "unsigned3", "unsignedip", "unsignedip2",
                                "unsigned-ip", "unsigned ip", "unsig", "uns", "nosign", "non signé"})
OUTDENT_TEMPLATES = frozenset({"outdent", "od", "outdent2", "od2", "unindent", "out", "noindent"})
# DiscussionTools: comments made before this date use ISO timestamps in ids
# (DiscussionToolsTimestampFormatSwitchTime, CommentItemTrait::getTimestampString).
_TS_FORMAT_SWITCH = datetime(2022, 7, 12, tzinfo=timezone.utc)
_HEADING_RE = re.compile(r"^(={1,6})(.+?)(={1,6})[ \t]*$")
_INDENT_RE = re.compile(r"[:*#]*")
_SIG_LEFTOVER_RE = re.compile(
    r"(?:\s*(?:<(?:span|font|b|i|small|sup|sub|big|strong|em|s|u|bdi|abbr)\b[^<>]*>|'{2,}|-{2,}|[—–~]))+\s*$",
    re.IGNORECASE)


@dataclass(frozen=True)
class Comment:
    """One signed comment of a talk page."""

    id: str                 # DiscussionTools id, e.g. c-Alice-20220801120000-Topic
    name: str               # DiscussionTools name: c-<author>-<timestamp>
    parent_id: str | None   # reply-to comment (outdent aware); None for a top-level comment
    section: str            # heading text without markup; "" before the first heading
    section_level: int      # 1-6; 0 before the first heading
    section_anchor: str     # MediaWiki anchor of the heading ("" before the first one)
    level: int              # reply depth, 0 = top level; outdented comments continue the tree
    indent: int             # count of leading ':', '*', '#' in the wikitext
    author: str
    timestamp: datetime     # aware, UTC
    text: str               # the comment's wikitext without signature and indentation
    line: int               # 1-based line of the signature
    start: int              # offset of the comment's first character in the page
    end: int                # offset just past the signature
    outdented: bool = False

    def to_dict(self) -> dict:
        """JSON-safe fields; ``timestamp`` as ``2022-08-01T12:00:00Z``."""
        return {
            "id": self.id, "name": self.name, "parent_id": self.parent_id,
            "section": self.section, "section_level": self.section_level,
            "section_anchor": self.section_anchor, "level": self.level, "indent": self.indent,
            "author": self.author, "timestamp": self.timestamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "text": self.text, "line": self.line, "start": self.start, "end": self.end,
            "outdented": self.outdented,
        }


@dataclass
class _Draft:
    sig: Signature
    start: int
    text: str
    line: int
    indent: int
    outdented: bool
    section: tuple[str, int, str]
    struct_parent: "_Draft | None" = None
    logic_parent: "_Draft | None" = None
    level: int = 0
    id: str = ""


def _template_key(name: str) -> str:
    name = " ".join(name.replace("_", " ").split())
    if ":" in name:
        prefix, _, rest = name.partition(":")
        if prefix.strip().lower() in ("template", "vorlage", "modèle", "predefinição", "قالب", "টেমপ্লেট", "الگو"):
            name = rest.strip()
    return name.lower()


def _scan_nodes(nodes, offset: int, masks: list, templates: list) -> None:
    """Record masked spans and interesting templates of ``nodes`` (at ``offset``)."""
    for node in nodes:
        if isinstance(node, Text):
            offset += len(node.value)
            continue
        s = str(node)
        n = len(s)
        if isinstance(node, WikiComment):
            masks.append((offset, offset + n))
        elif isinstance(node, Tag):
            if str(node.tag).strip().lower() in IGNORED_TAGS:
                masks.append((offset, offset + n))
            elif node.contents is not None and ("<" in s[1:] or "{{" in s):
                inner = str(node.contents)
                close = (node.closing_wiki_markup or "") if node.wiki_markup else f"</{node.closing_tag}>"
                at = n - len(inner) - len(close)
                if at < 0 or s[at:at + len(inner)] != inner:
                    at = s.find(inner)
                if at >= 0:
                    _scan_nodes(node.contents.nodes, offset + at, masks, templates)
        elif isinstance(node, Template):
            key = _template_key(str(node.name))
            if key in UNSIGNED_TEMPLATES or key in OUTDENT_TEMPLATES:
                templates.append((offset, offset + n, key, node))
                masks.append((offset, offset + n))
            elif "<" in s or "{{" in s[2:]:
                pos = offset + 2 + len(str(node.name))
                for param in node.params:
                    pos += 1
                    if param.showkey:
                        pos += len(str(param.name)) + 1
                    _scan_nodes(param.value.nodes, pos, masks, templates)
                    pos += len(str(param.value))
        elif isinstance(node, Heading) and "<" in s:
            _scan_nodes(node.title.nodes, offset + node.level, masks, templates)
        offset += n


def _blank(segment: str) -> str:
    return re.sub(r"[^\n]", " ", segment)


_CANDIDATE_RE = re.compile(
    r"<!--|<[ \t]*/?[ \t]*(?:" + "|".join(sorted(IGNORED_TAGS, key=len, reverse=True)) + r")(?![\w-])"
    r"|\{\{([^{}|]*)", re.IGNORECASE)
_TAG_RE = re.compile(r"<[ \t]*(/?)[ \t]*(" + "|".join(sorted(IGNORED_TAGS, key=len, reverse=True))
                     + r")(?![\w-])[^<>]*?(/?)>", re.IGNORECASE)
_BRACES_RE = re.compile(r"\{\{|\}\}")
_HEADING_LINE_RE = re.compile(r"^=[^\n]*=[ \t]*$", re.MULTILINE)


def _needs_parse(text: str, start: int, end: int) -> bool:
    """Does ``text[start:end]`` hold anything the mask cares about?"""
    for m in _CANDIDATE_RE.finditer(text, start, end):
        name = m.group(1)
        if name is None:
            return True
        key = _template_key(name)
        if key in UNSIGNED_TEMPLATES or key in OUTDENT_TEMPLATES or "<" in name or "\n" in name:
            return True
    return False


def _closed(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` opens nothing it does not close (comments,
    templates, ignored tags), so it parses the same alone as within the page."""
    opened = text.rfind("<!--", start, end)
    if opened >= 0 and text.find("-->", opened + 4, end) < 0:
        return False
    # a stray closer never cancels a later opener ("}}{{", "</ref><ref>"): depth stays >= 0
    braces = 0
    for m in _BRACES_RE.finditer(text, start, end):
        braces = braces + 1 if m.group() == "{{" else max(0, braces - 1)
    if braces:
        return False
    depth: dict[str, int] = {}
    for m in _TAG_RE.finditer(text, start, end):
        if m.group(3):
            continue
        name = m.group(2).lower()
        depth[name] = max(0, depth.get(name, 0) - 1) if m.group(1) else depth.get(name, 0) + 1
    return not any(depth.values())


def _chunks(text: str) -> list[tuple[int, int]]:
    """The page cut before headings where nothing is left open (see :func:`_closed`)."""
    cuts, last = [], 0
    for m in _HEADING_LINE_RE.finditer(text):
        at = m.start()
        if at > last and _closed(text, last, at):
            cuts.append((last, at))
            last = at
    cuts.append((last, len(text)))
    return cuts


def mask_page(text: str, *, whole: bool = False) -> tuple[str, list]:
    """Page with non-discussion regions blanked (same length, same newlines),
    and the ``(start, end, key, Template)`` of unsigned/outdent templates.

    Only the sections that contain an HTML comment, an ignored tag or an
    unsigned/outdent template go through mwparserfromhell, each on its own
    (a section is cut off only where it leaves nothing open); ``whole`` parses
    the page in one piece instead (same result, used by the tests).
    """
    masks: list = []
    templates: list = []
    if whole:
        _scan_nodes(mwparserfromhell.parse(text, skip_style_tags=True).nodes, 0, masks, templates)
    else:
        for start, end in _chunks(text):
            if _needs_parse(text, start, end):
                nodes = mwparserfromhell.parse(text[start:end], skip_style_tags=True).nodes
                _scan_nodes(nodes, start, masks, templates)
    out, last = [], 0
    for start, end in sorted(masks):
        if end <= last:
            continue
        start = max(start, last)
        out.append(text[last:start])
        out.append(_blank(text[start:end]))
        last = end
    out.append(text[last:])
    masked = "".join(out)
    # MediaWiki hides everything after an unclosed "<!--"; mwparserfromhell keeps it as text.
    unclosed = masked.find("<!--")
    if unclosed >= 0:
        masked = masked[:unclosed] + _blank(masked[unclosed:])
        templates = [t for t in templates if t[0] < unclosed]
    return masked, templates


def _unsigned_signature(start: int, end: int, node: Template, scanner: SignatureScanner) -> Signature | None:
    values = [str(p.value).strip() for p in node.params if not p.showkey][:3]
    when, author = None, None
    for i, value in enumerate(values):
        stamp = scanner.parse_timestamp(value) if when is None else None
        if stamp is not None:
            when = stamp
        elif author is None and value:
            author = normalize_username(mwparserfromhell.parse(value).strip_code().strip(), scanner.conv)
    if when is None or author is None:
        return None
    return Signature(start, start, end, author, when)


def section_title(raw: str) -> str:
    """Heading wikitext to plain text (links to their labels, markup removed)."""
    plain = mwparserfromhell.parse(raw).strip_code(normalize=True, collapse=True)
    return " ".join(plain.split())


def _anchor(title: str, seen: dict[str, bool]) -> str:
    """MediaWiki's html5 heading anchor, ``_2``-style deduplicated (Parser::finalizeHeadings)."""
    anchor = re.sub(r"[\t\n\f\r ]", "_", " ".join(re.split(r"[ _]+", title.strip())).strip())
    key = anchor.encode().lower().decode()   # PHP strtolower: ASCII only
    if key in seen:
        i = 2
        while f"{key}_{i}" in seen:
            i += 1
        seen[f"{key}_{i}"] = True
        return f"{anchor}_{i}"
    seen[key] = True
    return anchor


def _clean_text(segment: str) -> str:
    lines = [_INDENT_RE.sub("", line, count=1).strip() for line in segment.split("\n")]
    text = "\n".join(lines).strip()
    tail = len(text) - 200   # the leftover regex is anchored at the end; keep it linear
    if tail > 0:
        return (text[:tail] + _SIG_LEFTOVER_RE.sub("", text[tail:])).strip()
    return _SIG_LEFTOVER_RE.sub("", text).strip()


def parse_comments(text: str, conv: WikiConventions) -> list[Comment]:
    """Every signed comment of ``text``, in page order. Never raises on odd input."""
    if not text:
        return []
    scanner = SignatureScanner(conv)
    masked, templates = mask_page(text)
    textsrc = text
    outdents: list[int] = []
    sigs = scanner.signatures(masked)
    if templates:
        pieces, last = [], 0
        for start, end, key, node in templates:
            if start < last:
                continue
            pieces += [text[last:start], _blank(text[start:end])]
            last = end
            if key in OUTDENT_TEMPLATES:
                outdents.append(start)
            else:
                sig = _unsigned_signature(start, end, node, scanner)
                if sig is not None:
                    sigs.append(sig)
        textsrc = "".join(pieces) + text[last:]
        sigs.sort(key=lambda s: s.start)
    line_starts = [0] + [m.end() for m in re.finditer("\n", masked)]

    # Events in page order: headings (by line) and signatures.
    events: list[tuple[int, int, object]] = []
    for i, ls in enumerate(line_starts):
        if masked.startswith("=", ls):
            le = masked.find("\n", ls)
            m = _HEADING_RE.match(masked[ls:le if le >= 0 else len(masked)])
            if m:
                events.append((ls, 0, (i, m)))
    for sig in sigs:
        events.append((sig.start, 1, sig))
    events.sort(key=lambda e: (e[0], e[1]))

    sig_starts = [s.start for s in sigs]
    drafts: list[_Draft] = []
    anchors_seen: dict[str, bool] = {}
    section = ("", 0, "")
    seg_start = 0
    out_i = 0
    for pos, kind, payload in events:
        if kind == 0:
            line_i, m = payload
            left, right = len(m.group(1)), len(m.group(3))
            level = min(left, right)
            raw = "=" * (left - level) + m.group(2) + "=" * (right - level)
            title = section_title(raw)
            section = (title, level, _anchor(title, anchors_seen))
            nxt = masked.find("\n", pos)
            seg_start = len(text) if nxt < 0 else nxt + 1
            continue
        sig: Signature = payload
        if sig.start < seg_start:
            continue   # inside a heading line or overlapping the previous signature
        sig_line = bisect_right(line_starts, sig.ts_start) - 1
        body = textsrc[seg_start:sig.start]
        # Indentation: the comment's first non-blank line and the signature's line (min, like DT).
        first_line = sig_line
        for li in range(bisect_right(line_starts, seg_start) - 1, sig_line + 1):
            ls = max(line_starts[li], seg_start)
            le = line_starts[li + 1] - 1 if li + 1 < len(line_starts) else len(masked)
            content = masked[ls:le].strip()
            if content and content.strip("-") and not content.strip().startswith("{|"):
                first_line = li
                break
        indent = _indent_at(masked, line_starts, sig_line)
        if first_line != sig_line:
            indent = min(indent, _indent_at(masked, line_starts, first_line))
        outdented = False
        while out_i < len(outdents) and outdents[out_i] < sig.end:
            outdented = outdented or outdents[out_i] >= seg_start
            out_i += 1
        line_end = line_starts[sig_line + 1] - 1 if sig_line + 1 < len(line_starts) else len(text)
        nxt = bisect_left(sig_starts, sig.end)
        if nxt < len(sig_starts) and sig_starts[nxt] < line_end:
            trailing, seg_start = "", sig.end
        else:
            trailing, seg_start = textsrc[sig.end:line_end], min(len(text), line_end + 1)
        comment_text = _clean_text(body)
        trailing = _clean_text(trailing)
        if trailing:
            comment_text = f"{comment_text} {trailing}".strip()
        start = sig.start - len(body) + (len(body) - len(body.lstrip()))
        drafts.append(_Draft(sig, start, comment_text, sig_line + 1, indent, outdented, section))
    _thread(drafts)
    _assign_ids(drafts)
    return [Comment(
        id=d.id, name=_name(d), parent_id=d.logic_parent.id if d.logic_parent else None,
        section=d.section[0], section_level=d.section[1], section_anchor=d.section[2], level=d.level,
        indent=d.indent, author=d.sig.author, timestamp=d.sig.timestamp, text=d.text, line=d.line,
        start=d.start, end=d.sig.end, outdented=d.outdented) for d in drafts]


def _indent_at(masked: str, line_starts: list[int], li: int) -> int:
    ls = line_starts[li]
    return _INDENT_RE.match(masked, ls).end() - ls


def _thread(drafts: list[_Draft]) -> None:
    """Structural parents (DT, from indentation) and logical ones (outdent aware)."""
    section = None
    struct: list = []
    logic: list = []
    shift = 0
    prev: _Draft | None = None
    for d in drafts:
        if d.section is not section:
            section, struct, logic, shift, prev = d.section, [None], [None], 0, None
        d.struct_parent = _attach(struct, d.indent, d)
        if d.outdented and prev is not None:
            shift = prev.level + 1 - d.indent
        d.level = max(0, d.indent + shift)
        d.logic_parent = _attach(logic, d.level, d)
        prev = d


def _attach(stack: list, level: int, item: _Draft):
    """DiscussionTools' ``replies`` stack: index 0 is the heading."""
    while len(stack) < level + 1:
        stack.append(stack[-1])
    parent = stack[level]
    del stack[level + 1:]
    stack.append(item)
    return parent


def _ts_string(when: datetime) -> str:
    if when < _TS_FORMAT_SWITCH:
        return when.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    return when.strftime("%Y%m%d%H%M%S")


def _truncate(s: str, limit: int = 80) -> str:
    """Language::truncateForDatabase( $s, 80, '' ): at most 80 UTF-8 bytes, whole characters."""
    data = s.encode()
    if len(data) <= limit:
        return s
    return data[:limit].decode("utf-8", "ignore")


def _name(d: _Draft) -> str:
    return f"c-{_truncate(d.sig.author.replace(' ', '_'))}-{_ts_string(d.sig.timestamp)}"


def _assign_ids(drafts: list[_Draft]) -> None:
    """DiscussionTools ``CommentParser::computeId``: ``c-<author>-<timestamp>``, then
    ``-<parent author>-<parent timestamp>`` for a reply or ``-<heading anchor>``
    for a top-level comment under a real heading; when the id is already taken on
    the page, ``-1``, ``-2``, ... is appended (first free number)."""
    taken: set[str] = set()
    for d in drafts:
        ident = _name(d)
        parent = d.struct_parent
        if parent is not None:
            ident += "-" + _name(parent)[2:]
        elif d.section[1] > 0:
            ident += "-" + _truncate(d.section[2])
        if ident in taken:
            n = 1
            while f"{ident}-{n}" in taken:
                n += 1
            ident = f"{ident}-{n}"
        taken.add(ident)
        d.id = ident
