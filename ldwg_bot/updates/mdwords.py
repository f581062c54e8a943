"""Every word of a Markdown update must reach the page and the digest: the run-time check.

The converter (:mod:`.markdown`) is meant to keep every word a reader of the Markdown sees, and
to make nothing else markup. This module checks the first promise on each run, before anything
is written: the words of the source -- as a reader sees them: text of paragraphs, headings, list
items, table cells, code, link labels, image alt text and captions -- are compared with the
words of the rendered wikitext as MediaWiki shows them (labels of links, the caption of an image,
a bare URL, not a category link nor a template), and the words of each digest bullet with the
Markdown a forum shows (raw HTML tags and comments show nothing there).

A word is a run of letters, digits and marks (case-folded, NFC): punctuation, markup, spacing may
differ, words may not. A word the source has more often than the rendering is missing; it is
reported with the file line it stands on, as one :class:`~ldwg_bot.errors.SourceError` line.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

import mwparserfromhell
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..errors import SourceError
from .digest import digest_bullet_sources
from .markdown import markdown_parser, parse_tree
from .mdlinks import OPTION_LIKE, decode_char_refs, shown_text
from .page import render_month_section
from .source import UpdateSource

_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)
_FIX = (
    "rewrite that part more simply (plain text, a shallower list or quote) and report the "
    "Markdown that lost it as an ldwg-bot bug"
)


@dataclass(frozen=True)
class Word:
    key: str  # what is compared: case-folded, NFC
    text: str  # as written, for the message
    line: int = 0  # 0-based line of the Markdown body


def words(text: str, line: int = 0) -> list[Word]:
    """Runs of letters, digits and combining marks (Bengali vowel signs belong to the word)."""
    text = unicodedata.normalize("NFC", text)
    out, start = [], None
    for i, c in enumerate(text + " "):
        inside = unicodedata.category(c)[0] in "LNM"
        if inside and start is None:
            start = i
        elif not inside and start is not None:
            out.append(Word(text[start:i].casefold(), text[start:i], line))
            start = None
    return out


# ------------------------------------------------------------ the source side


@dataclass
class _SourceReader:
    """Words of Markdown as its reader sees them, each with its body line.

    Text runs on across emphasis, code and links (``*a*b`` is one word, as ``''a''b``
    shows it, and ``[[a]]b`` as MediaWiki's link trail does); an image separates words."""

    out: list[Word] = field(default_factory=list)
    line: int = 0
    run: list[str] = field(default_factory=list)

    def flush(self) -> None:
        self.out += words("".join(self.run), self.line)
        self.run.clear()

    def block(self, node: SyntaxTreeNode) -> None:
        for inner in node.walk():
            if inner.type == "inline":
                self.line = inner.map[0] if inner.map else self.line
                self.inline(inner.children)
                self.flush()
            elif inner.type in ("fence", "code_block"):
                first = (inner.map[0] + (inner.type == "fence")) if inner.map else self.line
                for n, text in enumerate(inner.content.split("\n")):
                    self.out += words(text, first + n)
            elif inner.type == "html_block":  # with raw HTML on (the forum): its text
                self.out += words(_TAG.sub(" ", inner.content), inner.map[0] if inner.map else 0)

    def inline(self, nodes: list[SyntaxTreeNode]) -> None:
        for node in nodes:
            if node.type == "text":
                self.run.append(_typed_links_as_shown(node.content))
            elif node.type == "code_inline":
                self.run.append(node.content)
            elif node.type in ("softbreak", "hardbreak"):
                self.flush()
                self.line += 1
            elif node.type == "html_inline":  # a tag or comment: shows nothing
                continue
            elif node.type == "image":  # a picture between words separates them
                self.run.append(" ")
                self.inline(node.children)
                self.run.append(" " + str(node.attrs.get("title") or "") + " ")
            else:
                self.inline(node.children)


def _typed_links_as_shown(text: str) -> str:
    """``see [[Page|the page]]`` -> ``see the page``: a typed wiki link shows its label."""

    def shown(m: re.Match[str]) -> str:
        target, _bar, label = m.group(1).partition("|")
        return label if label.strip() else shown_text(target)

    return re.sub(r"\[\[([^\n]*?)\]\]", shown, text)


def markdown_words(tree: SyntaxTreeNode) -> list[Word]:
    reader = _SourceReader()
    for node in tree.children:
        reader.block(node)
    return reader.out


# ----------------------------------------------------------- the page side


_TVAR = re.compile(r"</?tvar\b[^>]*>")
# Tags that end a word where they stand (blocks, cells, line breaks); others run on.
_BOUNDARY_TAGS = frozenset(
    {
        "br",
        "p",
        "div",
        "td",
        "th",
        "tr",
        "table",
        "li",
        "ul",
        "ol",
        "dl",
        "dd",
        "dt",
        "blockquote",
        "pre",
        "hr",
        "translate",
        "languages",
    }
)


def wikitext_words(wikitext: str) -> list[Word]:
    """Words MediaWiki shows for ``wikitext`` (as mwparserfromhell reads its structure).

    ``<tvar>`` tags go first, as Translate renders the source page: their content stays.
    """
    out: list[str] = []
    _shown(mwparserfromhell.parse(_TVAR.sub("", wikitext)), out)
    return words("".join(out))


def _shown(code, out: list[str]) -> None:
    for node in code.nodes:
        kind = type(node).__name__
        if kind == "Text":
            out.append(decode_char_refs(str(node.value)))
        elif kind == "HTMLEntity":
            out.append(node.normalize())
        elif kind == "Tag":
            boundary = " " if str(node.tag).strip().lower() in _BOUNDARY_TAGS else ""
            out.append(boundary)
            if node.contents is not None:
                _shown(node.contents, out)
            out.append(boundary)
        elif kind == "Heading":
            out.append("\n")
            _shown(node.title, out)
            out.append("\n")
        elif kind == "ExternalLink":
            if node.title is not None:
                _shown(node.title, out)
            elif not node.brackets:  # a bare URL shows itself; "[URL]" shows "[1]"
                _shown(node.url, out)
        elif kind == "Wikilink":
            _link_shown(node, out)
        # templates, comments, arguments show nothing of their own


def _link_shown(node, out: list[str]) -> None:
    title = decode_char_refs(str(node.title)).strip()
    namespace = title.split(":", 1)[0].strip().lower() if ":" in title else ""
    if namespace == "category":  # categorises; shows nothing
        return
    if namespace in ("file", "image"):  # an embedded file shows its caption (and alt text)
        out.append(" ")
        for param in str(node.text or "").split("|"):
            key, _eq, value = param.partition("=")
            if key.strip().lower() == "alt":
                out.append(" " + value + " ")
            elif not OPTION_LIKE.fullmatch(param):  # not an option: the caption
                _shown(mwparserfromhell.parse(param), out)
                out.append(" ")
        return
    if node.text is not None:
        _shown(node.text, out)
    else:
        out.append(title.lstrip(":"))


# ---------------------------------------------------------- the digest side


def _forum_parser() -> MarkdownIt:
    """The update's own parser (links shown as written) with raw HTML on, as Discourse has it."""
    md = markdown_parser()
    md.options["html"] = True
    return md


_FORUM = _forum_parser()


def forum_words(markdown: str) -> list[Word]:
    """Words a forum shows for ``markdown``: raw HTML tags and comments show nothing."""
    return markdown_words(SyntaxTreeNode(_FORUM.parse(markdown)))


# ---------------------------------------------------------------- the check


def missing_words(source: list[Word], shown: list[Word]) -> list[Word]:
    """The source words the rendering lacks, in source order (empty: every word is there)."""
    have = Counter(w.key for w in shown)
    need = Counter(w.key for w in source)
    short = {key for key, count in need.items() if have[key] < count}
    if not short:
        return []
    matched: set[int] = set()
    matcher = difflib.SequenceMatcher(None, [w.key for w in source], [w.key for w in shown], autojunk=False)
    for block in matcher.get_matching_blocks():
        matched.update(range(block.a, block.a + block.size))
    lost = [w for i, w in enumerate(source) if i not in matched and w.key in short]
    return lost or [next(w for w in reversed(source) if w.key in short)]


def _fail(update: UpdateSource, lost: list[Word], where: str) -> SourceError:
    first = lost[0]
    run = " ".join(w.text for w in lost if w.line == first.line)
    if len(run) > 60:
        run = run[:57].rstrip() + "..."
    line = update.body_line + first.line
    return SourceError(f'{update.path}:{line}: the text "{run}" would not appear {where}; {_FIX}')


def check_words(update: UpdateSource) -> UpdateSource:
    """Stop (SourceError naming file and line) when a word of a Markdown update would not show.

    Checks the page in both forms the bot writes (with Translate markup and plain) and the
    forum digest's bullets. A wikitext draft is the wiki's own text and is not checked.
    Returns ``update`` so a loader can wrap its result.
    """
    if update.body_markdown is None:
        return update
    source = markdown_words(parse_tree(update.body_markdown))
    for translatable in (True, False):
        text, _ = render_month_section(update, None, "", 0, translatable)
        lost = missing_words(source, wikitext_words(text))
        if lost:
            raise _fail(update, lost, "on the page")
    for bullet_source, bullet in digest_bullet_sources(update, "https://wiki.invalid/wiki/"):
        lost = missing_words(markdown_words(parse_tree(bullet_source)), forum_words(bullet))
        if lost:
            line = _line_of(update.body_markdown, bullet_source)
            raise _fail(update, [Word(w.key, w.text, line) for w in lost], "in the forum digest")
    return update


def _line_of(body: str, text: str) -> int:
    """0-based line of ``body`` where ``text`` (a bullet's source) begins; 0 when not found."""
    first = text.strip().split("\n", 1)[0][:40]
    at = body.find(first) if first else -1
    return body.count("\n", 0, at) if at >= 0 else 0
