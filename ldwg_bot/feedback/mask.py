"""Blank out what is not discussion text, in one linear pass (pure).

The page is read the way MediaWiki's preprocessor reads it, left to right,
so that no input can make the pass slower than linear:

1. ``<!--`` opens an HTML comment that ends at the first ``-->``; without
   one it hides the rest of the page. Extension tags whose content is not
   discussion (``<nowiki>``, ``<pre>``, ``<ref>``, ``<syntaxhighlight>``,
   ...) end at the first matching closing tag, whatever lies between; an
   opening tag with no closing tag after it is plain text. Whichever of the
   two comes first wins, exactly as in the preprocessor, and -- as there --
   a tag name once known to have no closing tag further on is not searched
   for again (``Preprocessor_Hash``'s ``noMoreClosingTag``): 40,000
   unclosed ``<ref>`` cost one search, not 40,000.
2. HTML elements whose content DiscussionTools does not read as comments
   (``<blockquote>``, ``<q>``, ``<cite>``) and ``<code>`` (quoted
   signatures) are matched with a stack per tag name; unmatched ones are
   text.
3. Templates are matched with one stack of ``{{`` positions; an unmatched
   ``{{`` is text. Only ``{{unsigned}}`` and ``{{outdent}}`` (and their
   other names) matter: they are returned with their positional
   parameters, split at ``|`` outside nested templates and links.

mwparserfromhell (2.x) backtracks over every unclosed ``<!--``, ``<ref>``,
``<nowiki>``, ``<pre>`` or ``{{unsigned|``: 40,000 of them in 160 KB took
39 s (bench/adversarial.py), which is why this pass does not use it. The
masked text has the page's length and line breaks, so offsets carry over.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Extension tags: their content is not wikitext discussion (or, for ``ref``
#: and ``references``, DiscussionTools does not look for comments there).
EXTENSION_TAGS = frozenset(
    {
        "nowiki",
        "pre",
        "syntaxhighlight",
        "source",
        "math",
        "chem",
        "ce",
        "score",
        "graph",
        "timeline",
        "hiero",
        "templatedata",
        "ref",
        "references",
        "gallery",
        "mapframe",
        "maplink",
        "inputbox",
    }
)
#: HTML elements masked with their content (they nest, unlike extension tags).
HTML_MASKED_TAGS = frozenset({"code", "blockquote", "q", "cite"})
IGNORED_TAGS = EXTENSION_TAGS | HTML_MASKED_TAGS
UNSIGNED_TEMPLATES = frozenset(
    {
        "unsigned",
        "unsigned2",
        "unsigned3",
        "unsignedip",
        "unsignedip2",
        "unsigned-ip",
        "unsigned ip",
        "unsig",
        "uns",
        "nosign",
        "non signé",
    }
)
OUTDENT_TEMPLATES = frozenset({"outdent", "od", "outdent2", "od2", "unindent", "out", "noindent"})
_TEMPLATE_NS = ("template", "vorlage", "modèle", "predefinição", "قالب", "টেমপ্লেট", "الگو")


def _names(tags) -> str:
    return "|".join(sorted(tags, key=len, reverse=True))


_EXT_RES: dict[frozenset, re.Pattern[str]] = {}


def _ext_re(unclosed: frozenset) -> re.Pattern[str]:
    """Comment openers and the extension tags that may still have a closing tag."""
    if unclosed not in _EXT_RES:
        names = _names(EXTENSION_TAGS - unclosed)
        _EXT_RES[unclosed] = re.compile(
            r"<!--|<[ \t]*(/?)[ \t]*(" + names + r")(?![\w-])[^<>]*?(/?)>" if names else "<!--", re.IGNORECASE
        )
    return _EXT_RES[unclosed]


_CLOSERS = {name: re.compile(rf"</[ \t]*{name}[ \t]*>", re.IGNORECASE) for name in EXTENSION_TAGS}
_HTML_RE = re.compile(
    r"<[ \t]*(/?)[ \t]*(" + _names(HTML_MASKED_TAGS) + r")(?![\w-])[^<>]*?(/?)>", re.IGNORECASE
)
_BRACES_RE = re.compile(r"\{\{|\}\}")
_PARAM_TOKEN_RE = re.compile(r"\{\{|\}\}|\[\[|\]\]|\|")


@dataclass(frozen=True)
class TemplateCall:
    """An ``{{unsigned}}`` or ``{{outdent}}`` call: ``text[start:end]``."""

    start: int
    end: int
    key: str  # normalised name, e.g. "unsigned2"
    positional: tuple[str, ...]  # unnamed parameter values, as written


def template_key(name: str) -> str:
    """``Template:Unsigned_2`` -> ``unsigned 2``: the name as the sets above spell it."""
    name = " ".join(name.replace("_", " ").split())
    if ":" in name:
        prefix, _, rest = name.partition(":")
        if prefix.strip().lower() in _TEMPLATE_NS:
            name = rest.strip()
    return name.lower()


def blank(segment: str) -> str:
    """Spaces for every character but line breaks (offsets and lines stay)."""
    return re.sub(r"[^\n]", " ", segment)


def _extension_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    unclosed: frozenset = frozenset()
    pattern = _ext_re(unclosed)
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return spans
        if m.group() == "<!--":
            end = text.find("-->", m.end())
            if end < 0:
                spans.append((m.start(), len(text)))
                return spans
            spans.append((m.start(), end + 3))
            pos = end + 3
            continue
        name = m.group(2).lower()
        pos = m.end()
        if m.group(1):
            continue  # a stray closing tag is text
        if m.group(3):
            spans.append((m.start(), m.end()))  # <references/>, <nowiki/>
            continue
        close = _CLOSERS[name].search(text, m.end())
        if close is None:
            # no closing tag further on: never search for one again, nor stop at the tag
            unclosed = unclosed | {name}
            pattern = _ext_re(unclosed)
            continue
        spans.append((m.start(), close.end()))
        pos = close.end()


def _html_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    open_at: dict[str, list[int]] = {}
    for m in _HTML_RE.finditer(text):
        if m.group(3):
            continue
        stack = open_at.setdefault(m.group(2).lower(), [])
        if not m.group(1):
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            if not stack:
                spans.append((start, m.end()))
    return spans


def blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each ``(start, end)`` span blanked (spans may overlap, in any order)."""
    if not spans:
        return text
    out, last = [], 0
    for start, end in sorted(spans):
        if end <= last:
            continue
        start = max(start, last)
        out += [text[last:start], blank(text[start:end])]
        last = end
    out.append(text[last:])
    return "".join(out)


def _positional(inner: str) -> tuple[str, tuple[str, ...]]:
    """Name and unnamed parameters of a template's inner text (between the braces)."""
    parts, depth, last = [], 0, 0
    for m in _PARAM_TOKEN_RE.finditer(inner):
        tok = m.group()
        if tok in ("{{", "[["):
            depth += 1
        elif tok in ("}}", "]]"):
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append(inner[last : m.start()])
            last = m.end()
    parts.append(inner[last:])
    values = tuple(p for p in parts[1:] if not re.match(r"^[^=\[{]*=", p))
    return parts[0], values


def _templates(masked: str) -> list[TemplateCall]:
    found: list[TemplateCall] = []
    stack: list[int] = []
    for m in _BRACES_RE.finditer(masked):
        if m.group() == "{{":
            stack.append(m.start())
            continue
        if not stack:
            continue
        start = stack.pop()
        name_end = start + 2
        while name_end < m.start() and masked[name_end] not in "|{}":
            name_end += 1
        key = template_key(masked[start + 2 : name_end])
        if key in UNSIGNED_TEMPLATES or key in OUTDENT_TEMPLATES:
            inner = masked[start + 2 : m.start()]
            found.append(
                TemplateCall(start, m.end(), key, _positional(inner)[1] if len(inner) < 4000 else ())
            )
    found.sort(key=lambda t: t.start)
    out, last = [], -1
    for t in found:  # an unsigned template inside another one: keep the outer
        if t.start >= last:
            out.append(t)
            last = t.end
    return out


def mask_page(text: str) -> tuple[str, list[TemplateCall]]:
    """Page with non-discussion regions and the ``{{unsigned}}``/``{{outdent}}``
    calls blanked (same length, same line breaks), and those calls in page order."""
    masked = blank_spans(text, _extension_spans(text))
    masked = blank_spans(masked, _html_spans(masked))
    calls = _templates(masked)
    return blank_spans(masked, [(t.start, t.end) for t in calls]), calls
