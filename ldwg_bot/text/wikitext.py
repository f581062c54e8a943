"""Wikitext and plain text: the one escaping layer and the one reader of the words a wikitext
shows (:func:`readable_text`).

Outside text reaches saved wikitext only through one of these, chosen by its place:
:func:`escape_wikitext` (text, table cells: :func:`table_cell`), :func:`inline_text` (prose
translators read: an update's title and summary), :func:`link_target` / :func:`wiki_link`
(page titles inside ``[[...]]``, invalid ones become text), :func:`fragment` (a heading after
``#``), :func:`external_url` / :func:`external_link` (http(s) only, else text).

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

import html
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import mwparserfromhell

_ESCAPES = {c: f"&#{ord(c)};" for c in "\"&'<>=[]{}|*#:;!~_^-"}
_ESCAPE_RE = re.compile(r"[\"&'<>=\[\]{}|*#:;!~_^]|-(?=-)|(?<=-)-")
_MAGIC_RE = re.compile(r"\b(ISBN|RFC|PMID)( )", re.IGNORECASE)


def one_line(text: str) -> str:
    """``text`` as MediaWiki will store it, on one line: NFC (the API normalises what it is
    sent, so anything else would come back changed), whitespace runs (line breaks included)
    as one space, control characters and U+FFFE/U+FFFF (which the API turns into U+FFFD)
    dropped."""
    text = " ".join(unicodedata.normalize("NFC", str(text)).split())
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cs") and c not in "\ufffe\uffff")


def escape_wikitext(text: str) -> str:
    """Plain text that renders as itself and nothing else, on one line (:func:`one_line`)."""
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group(0)], one_line(text))
    return _MAGIC_RE.sub(lambda m: m.group(1) + "&#32;", text)


# -- one escaper per place: link targets, fragments, URLs, table cells, translated prose --------
#
# MediaWiki reads a link target by decoding character references first, then splitting off the
# fragment at the first "#", then checking the title (MediaWikiTitleCodec::splitTitleString,
# REL1_39, and Title::newFromText). What that check refuses -- the characters outside
# $wgLegalTitleChars, "%XX" escapes, leftover entities, "~~~", "./" and "../" paths, more than
# 255 bytes -- shows as the raw "[[...]]" text, so such a title is written as plain escaped text
# instead. A valid title is written back in a form whose every risky character is a numeric
# character reference, which the pre-save transform (signatures, subst:) and the magic-word pass
# never see but Title decodes to the same page (checked against the devwiki's action=parse).

_ILLEGAL_TITLE_RE = re.compile(
    r"[#<>\[\]|{}\x00-\x1f\x7f\ufffd]|%[0-9A-Fa-f]{2}"
    r"|&[A-Za-z0-9\x80-\U0010ffff]+;|~~~"
)
_RELATIVE_RE = re.compile(r"^\.\.?(?:/|$)|/\.\.?(?:/|$)")
_TITLE_SPACE_RE = re.compile(r"[ _\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_BIDI_RE = re.compile(r"[\u200e\u200f\u202a-\u202e]")  # Title strips these from titles
_TARGET_ESCAPES = {c: f"&#{ord(c)};" for c in "&'~!%=*"}
# Prefixes that never categorise, embed a file or make an interlanguage link: no leading colon.
_PLAIN_NAMESPACES = frozenset({"user", "user talk", "talk", "special"})


def page_title(text: str) -> str | None:
    """The title MediaWiki would read from ``text`` (entities decoded, underscores and space
    runs as one space), or None when it is no valid page title (see the comment above)."""
    title = unicodedata.normalize("NFC", html.unescape(str(text)))
    title = _TITLE_SPACE_RE.sub(" ", _BIDI_RE.sub("", title)).strip(" ")
    if title.startswith(":"):
        title = title[1:].lstrip(" ")
    name = title.split(":", 1)[-1].strip(" ")
    if (
        not title
        or not name
        or _ILLEGAL_TITLE_RE.search(title)
        or _RELATIVE_RE.search(title)
        or len(title.encode("utf-8")) > 255
    ):
        return None
    return title


def fragment(heading: str) -> str:
    """The text after ``#`` that links to the heading ``heading`` (its plain text), made
    inert: MediaWiki decodes the entities and derives the same anchor as for the heading."""
    return escape_wikitext(heading)


def link_target(target: str) -> str | None:
    """``Page`` or ``Page#fragment`` for inside ``[[...]]``, or None when the page part is no
    valid title. Read as MediaWiki reads it (entities decoded, then split at the first
    ``#``), so a target this function wrote reads back to itself."""
    page, sep, frag = html.unescape(str(target)).partition("#")
    title = page_title(page) if page.strip() else ""
    if title is None or (not title and not sep):
        return None
    written = "".join(_TARGET_ESCAPES.get(c, c) for c in title)
    return written + (f"#{fragment(frag)}" if sep else "")


def wiki_link(title: str, label: str, section: str = "", *, colon: bool = False) -> str:
    """``[[title#section|label]]`` (``label`` is wikitext the caller escaped), or just the
    label when ``title`` is no valid title. A colon goes in front (always with ``colon``) of
    a namespace that could categorise the page, embed a file or make an interlanguage link."""
    target = link_target(title)
    if target is None or "#" in target:
        return label or escape_wikitext(title)
    head = target.split(":", 1)[0].strip().lower() if ":" in target else ""
    prefix = ":" if colon or (head and head not in _PLAIN_NAMESPACES) else ""
    anchor = f"#{fragment(section)}" if section else ""
    return f"[[{prefix}{target}{anchor}|{label or escape_wikitext(title)}]]"


_URL_RE = re.compile(
    r"^(https?)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?([/?#][^\s]*)?$", re.IGNORECASE
)
_URL_KEEP = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-./:?=&#@+,;()$")


def external_url(url: str) -> str | None:
    """An http(s) URL for ``[url label]``, or None for anything else (other schemes, spaces,
    control characters, an odd host). Every character wikitext could read as markup (``~``
    signatures, ``_`` magic words, ``'`` quotes, brackets, pipes, entities' ``%``) is
    percent-encoded; ``%XX`` already there is kept, so the link goes where it went."""
    match = _URL_RE.match(str(url))
    if not match or any(unicodedata.category(c)[0] in "CZ" for c in str(url)):
        return None
    head = f"{match.group(1).lower()}://{match.group(2)}{match.group(3) or ''}"
    rest = match.group(4) or ""
    out = []
    for i, c in enumerate(rest):
        if c == "%" and re.match(r"[0-9A-Fa-f]{2}", rest[i + 1 : i + 3]):
            out.append(c)
        elif c in _URL_KEEP:
            out.append(c)
        else:
            out.append("".join(f"%{b:02X}" for b in c.encode("utf-8")))
    return head + "".join(out)


def external_link(url: str, label: str) -> str:
    """``[url label]`` (``label`` is wikitext), or the URL as escaped text when it is no
    http(s) URL we can write safely."""
    safe = external_url(url)
    return f"[{safe} {label}]" if safe else escape_wikitext(url)


def table_cell(text: str) -> str:
    """Text for a table cell: escaped (``|`` and ``!`` included) and never starting with
    ``-``, ``+`` or ``}`` that could read as a row, caption or table end."""
    escaped = escape_wikitext(text)
    return (
        "&#45;" + escaped[1:]
        if escaped.startswith("-")
        else ("&#43;" + escaped[1:] if escaped.startswith("+") else escaped)
    )


_ENTITY_LIKE_RE = re.compile(r"&#?[A-Za-z0-9]+;")
_SCHEME_COLON_RE = re.compile(r"(?<=[A-Za-z0-9]):(?=\S)")


def inline_text(text: str) -> str:
    """Plain prose (an update's title or summary) as inert wikitext that translators still
    read easily: only what could be markup becomes an entity -- ``[ ] { } | <`` and ``~``
    always; ``''``, ``__``, ``--`` runs; an apostrophe at either end (it may stand next to
    ``'''``); ``&`` that starts an entity; a colon glued to a word (``https:``,
    ``mailto:``: no free link); the space after ISBN/RFC/PMID; a first character that starts
    a list, indent or heading line. Letters, digits and lone punctuation stay as they are."""
    text = one_line(text)
    out: list[str] = []
    for i, c in enumerate(text):
        before, after = text[i - 1 : i], text[i + 1 : i + 2]
        risky = (
            c in "[]{}|<~"
            or (c in "'_-" and c in (before, after))
            or (c == "'" and (i == 0 or i == len(text) - 1))
            or (c == "&" and _ENTITY_LIKE_RE.match(text, i) is not None)
            or (c == ":" and _SCHEME_COLON_RE.match(text, i) is not None)
            or (i == 0 and c in "*#:;= !")
        )
        out.append(f"&#{ord(c)};" if risky else c)
    return _MAGIC_RE.sub(lambda m: m.group(1) + "&#32;", "".join(out))


@dataclass(frozen=True)
class ReadingRules:
    """What :func:`readable_text` keeps of the nodes that are not plain text.

    Language detection wants only the commenter's own words (no quotes, no signatures);
    draft-part detection wants exactly the quoted words. One walker, two sets of rules."""

    template_values: bool = False  # a template reads as all its parameter values
    bare_link_targets: bool = False  # [[Target]] without a label reads as its target
    heading_text: bool = False  # a heading's words are kept
    space_after_links: bool = False  # a link ends a word
    dropped_tags: frozenset[str] = frozenset()  # tags whose contents are not read
    line_tags: frozenset[str] = frozenset()  # tags that end a line
    dropped_link_namespaces: frozenset[str] = frozenset()  # labels of these links are not read


def readable_text(wikitext: str, rules: ReadingRules) -> str | None:
    """The words ``wikitext`` shows a reader, as ``rules`` say; None when mwparserfromhell
    cannot parse it (the caller then judges the raw text rather than fail)."""
    try:
        code = mwparserfromhell.parse(wikitext)
    except Exception:  # noqa: BLE001 - any parser failure means: use the raw text
        return None
    out: list[str] = []
    _read(code, out, rules)
    return "".join(out)


def _read(code: mwparserfromhell.wikicode.Wikicode, out: list[str], rules: ReadingRules) -> None:
    node: Any  # told apart by class name below, so each branch reads its own node type's fields
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
        else:  # comments (<!--T:n--> among them), arguments
            out.append(" ")
