"""Wikitext and plain text: the one escaper (:func:`escape_wikitext`) and the one reader of
the words a wikitext shows (:func:`readable_text`).

Plain text made inert wikitext: the one escaper for names, titles and excerpts we render.

Used wherever text we did not write (a user name, a section or page title, a comment excerpt,
a language name) goes into a table or list the bot renders. Every character with a wikitext
meaning becomes a numeric HTML character reference, which MediaWiki shows as the character and
never parses: link and template brackets, table pipes, list and heading marks, quotes, ``~``
(signatures), ``_`` (``__TOC__``), ``<``/``>`` (tags, comments), ``-`` in runs (``----``,
``-{``/``}-``, ``-->``), and the space after ``ISBN``/``RFC``/``PMID`` (magic links). This is
MediaWiki's own idea (``wfEscapeWikiText`` in ``includes/GlobalFunctions.php``) applied to every
such character wherever it stands, so the result is also safe inside a link target and a table
cell. ``updates/markdown.escape_text`` is deliberately different: translators read its output,
so it keeps wiki links and escapes only what would change the rendering there.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import mwparserfromhell

_ESCAPES = {c: f"&#{ord(c)};" for c in "\"&'<>=[]{}|*#:;!~_^-"}
_ESCAPE_RE = re.compile(r"[\"&'<>=\[\]{}|*#:;!~_^]|-(?=-)|(?<=-)-")
_MAGIC_RE = re.compile(r"\b(ISBN|RFC|PMID)( )", re.IGNORECASE)


def escape_wikitext(text: str) -> str:
    """Plain text that renders as itself and nothing else, on one line: whitespace runs
    (line breaks included) become one space, other control characters are dropped."""
    text = " ".join(str(text).split())
    text = "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs"))
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], text)
    return _MAGIC_RE.sub(lambda m: m.group(1) + "&#32;", text)


@dataclass(frozen=True)
class ReadingRules:
    """What :func:`readable_text` keeps of the nodes that are not plain text.

    Language detection wants only the commenter's own words (no quotes, no signatures);
    draft-part detection wants exactly the quoted words. One walker, two sets of rules."""
    template_values: bool = False        # a template reads as all its parameter values
    bare_link_targets: bool = False      # [[Target]] without a label reads as its target
    heading_text: bool = False           # a heading's words are kept
    space_after_links: bool = False      # a link ends a word
    dropped_tags: frozenset[str] = frozenset()           # tags whose contents are not read
    line_tags: frozenset[str] = frozenset()              # tags that end a line
    dropped_link_namespaces: frozenset[str] = frozenset()   # labels of these links are not read


def readable_text(wikitext: str, rules: ReadingRules) -> str | None:
    """The words ``wikitext`` shows a reader, as ``rules`` say; None when mwparserfromhell
    cannot parse it (the caller then judges the raw text rather than fail)."""
    try:
        code = mwparserfromhell.parse(wikitext)
    except Exception:   # noqa: BLE001 - any parser failure means: use the raw text
        return None
    out: list[str] = []
    _read(code, out, rules)
    return "".join(out)


def _read(code, out: list[str], rules: ReadingRules) -> None:
    for node in code.nodes:
        kind = type(node).__name__
        if kind == "Text":
            out.append(str(node.value))
        elif kind == "Template":
            for param in node.params if rules.template_values else ():
                out.append(" ")
                _read(param.value, out, rules)
            out.append(" ")
        elif kind == "Wikilink":
            title = str(node.title)
            namespace = title.split(":", 1)[0].strip().lower() if ":" in title else ""
            if node.text is not None and namespace not in rules.dropped_link_namespaces:
                _read(node.text, out, rules)
            elif node.text is None and rules.bare_link_targets:
                _read(node.title, out, rules)
            out.append(" " if rules.space_after_links else "")
        elif kind == "ExternalLink":
            if node.title is not None:
                _read(node.title, out, rules)
            out.append(" " if rules.space_after_links else "")
        elif kind == "Tag":
            tag = str(node.tag).strip().lower()
            if node.contents is not None and tag not in rules.dropped_tags:
                _read(node.contents, out, rules)
            out.append("\n" if tag in rules.line_tags else " ")
        elif kind == "Heading":
            if rules.heading_text:
                _read(node.title, out, rules)
            out.append("\n")
        elif kind == "HTMLEntity":
            out.append(node.normalize())
        else:   # comments (<!--T:n--> among them), arguments
            out.append(" ")
