"""Markdown -> blocks of wikitext, from markdown-it-py's syntax tree.

Nothing here is converted with regular expressions: markdown-it parses the
Markdown (CommonMark + GFM tables + strikethrough, raw HTML off) and each
node of its tree is written as wikitext. The result is a list of
:mod:`blocks <ldwg_bot.updates.markdown>` -- headings, paragraphs, lists,
tables, quotes and raw (untranslatable) blocks -- whose text is inline
wikitext. :mod:`.translatable` then decides where the translation units go.

Inline rules:

* ``**b**`` -> ``'''b'''``, ``*i*`` -> ``''i''``, ``~~s~~`` -> ``<s>s</s>``,
  `` `code` `` -> ``<code>`` with the code in a ``<tvar>`` (translators keep it).
* ``[[Page]]`` / ``[[Page|label]]`` typed in the Markdown stay wiki links
  (:func:`typed_link`); their target is rewritten by :mod:`.mdlinks` so it is
  only a title (``[[:Category:X]]`` links, no signature, template or magic word)
  or, when it is not a valid title, the whole link is shown as text; the label is
  escaped like other text, so it cannot close ``<translate>``.
* ``[text](https://...)`` -> ``[https://... text]``; ``[text](Page_title)``
  -> ``[[Page title|text]]``; ``[text](#anchor)`` -> ``[[#anchor|text]]``.
* ``![alt](File:Name.png "caption")`` -> ``[[File:Name.png|thumb|...]]``.
* URLs and file names go into ``<tvar name="url1">``/``<tvar name="file1">``
  (Translate's current syntax) when the text is a translation unit.
* Text that would be wiki markup by accident (``{{``, ``''``, ``~~~~``,
  ``__TOC__``, ``[https://...``, ``<tag>``, entities, ``*``/``#``/``:`` at
  the start of a paragraph, ``|`` in a table cell) is escaped with
  ``<nowiki>`` or an HTML entity.

Raw HTML in the Markdown is not passed through: it is shown as text. A page
section is bot-owned, and a stray ``<!-- -->`` or ``<translate>`` must not be
able to break the markers or the translation markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from .mdescape import escape_text, nowiki, typed_link
from .mdlinks import caption_param, external_url, is_external, wiki_title

# ---------------------------------------------------------------- the model


@dataclass(frozen=True)
class Heading:
    level: int  # wikitext level: 2 is "== x =="
    text: str  # inline wikitext
    source: str = ""  # the Markdown it came from (for the digest)


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class ListItem:
    prefix: str  # "*", "#", "**", "#*", ...
    text: str  # inline wikitext, may be empty (a bare nesting level)
    source: str = ""


@dataclass(frozen=True)
class ListBlock:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Cell:
    text: str
    header: bool = False
    align: str | None = None
    translatable: bool = True  # False: numbers, dates, symbols only


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Raw:
    """Wikitext kept outside translation units (code blocks, rules)."""

    text: str


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


Block = Heading | Paragraph | ListBlock | Table | Raw | Quote

__all__ = [
    "Block",
    "Cell",
    "Heading",
    "InlineWriter",
    "ListBlock",
    "ListItem",
    "Paragraph",
    "Quote",
    "Raw",
    "Table",
    "escape_text",
    "is_external",
    "markdown_parser",
    "nowiki",
    "parse_tree",
    "title_from_href",
    "to_blocks",
    "typed_link",
]

# ------------------------------------------------------------------ parser

_BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_FILE_PREFIXES = ("file:", "image:")


def _validate_link(url: str) -> bool:
    # markdown-it's default refuses "file:", which is Meta's File: namespace.
    return not url.strip().lower().startswith(_BAD_SCHEMES)


def markdown_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.validateLink = _validate_link  # type: ignore[method-assign]
    md.normalizeLink = lambda url: url  # type: ignore[method-assign]
    md.normalizeLinkText = lambda link: link  # type: ignore[method-assign]
    return md


_MD = markdown_parser()


def parse_tree(markdown: str) -> SyntaxTreeNode:
    return SyntaxTreeNode(_MD.parse(markdown))


def title_from_href(href: str) -> str:
    """``Movement_Strategy%2FLeadership`` -> ``Movement Strategy/Leadership``."""
    return unquote(href).replace("_", " ").strip()


# ------------------------------------------------------------------ inline


@dataclass
class InlineWriter:
    """Writes one inline run (one future translation unit) as wikitext.

    ``tvars`` puts URLs, file names and code in ``<tvar>``; names are unique
    within the run (``url1``, ``url2``...), the same value keeps its name.
    """

    tvars: bool = True
    in_table: bool = False
    in_link: bool = False  # writing a link's label: no nested link or image
    names: dict[tuple[str, str], str] = field(default_factory=dict)

    def var(self, kind: str, value: str) -> str:
        if not self.tvars:
            return value
        key = (kind, value)
        if key not in self.names:
            count = sum(1 for k in self.names if k[0] == kind)
            self.names[key] = f"{kind}{count + 1}"
        return f'<tvar name="{self.names[key]}">{value}</tvar>'

    def write(self, inline: SyntaxTreeNode, *, line_start: bool = False) -> str:
        out = self._children(inline.children, inside_emphasis=False)
        if (
            line_start
            and out[:1] in ("*", "#", ":", ";", "=", " ")
            or line_start
            and out.startswith(("{|", "----"))
        ):
            out = f"<nowiki>{out[0]}</nowiki>{out[1:]}"
        return out

    def _children(self, nodes: list[SyntaxTreeNode], inside_emphasis: bool) -> str:
        parts = []
        for i, node in enumerate(nodes):
            if node.type == "text":
                prev_emph = (i == 0 and inside_emphasis) or (i > 0 and nodes[i - 1].type in ("em", "strong"))
                next_emph = (i == len(nodes) - 1 and inside_emphasis) or (
                    i + 1 < len(nodes) and nodes[i + 1].type in ("em", "strong")
                )
                parts.append(
                    escape_text(
                        node.content,
                        in_table=self.in_table,
                        in_link=self.in_link,
                        quote_start=prev_emph,
                        quote_end=next_emph,
                    )
                )
            else:
                parts.append(self._node(node))
        return "".join(parts)

    def _node(self, node: SyntaxTreeNode) -> str:
        kind = node.type
        if kind == "softbreak":
            return " "
        if kind == "hardbreak":
            return "<br />"
        if kind == "strong":
            return "'''" + self._children(node.children, True) + "'''"
        if kind == "em":
            return "''" + self._children(node.children, True) + "''"
        if kind == "s":
            return "<s>" + self._children(node.children, False) + "</s>"
        if kind == "code_inline":
            return "<code>" + self.var("code", nowiki(node.content)) + "</code>"
        if kind in ("link", "image") and self.in_link:  # a link in a label: its text only
            return self._children(node.children, False)
        if kind == "link":
            return self._link(node)
        if kind == "image":
            return self._image(node)
        # Unknown inline node (a plugin): keep its text, escaped.
        return escape_text(node.content, in_table=self.in_table, in_link=self.in_link)

    def _label(self, node: SyntaxTreeNode) -> str:
        self.in_link = True
        try:
            return self._children(node.children, False)
        finally:
            self.in_link = False

    def _link(self, node: SyntaxTreeNode) -> str:
        href = str(node.attrs.get("href", ""))
        label = self._label(node)
        if node.markup == "autolink":
            url = external_url(href)
            shown = label if url == href else escape_text(href, in_table=self.in_table, in_link=True)
            return self.var("url", url) if shown == url else f"[{self.var('url', url)} {shown}]"
        if is_external(href):
            return f"[{self.var('url', external_url(href))} {label}]"
        title = wiki_title(title_from_href(href))
        if title is None:  # not a page MediaWiki can link: the label alone
            return label
        # An empty label would be the pipe trick, which the pre-save transform fills in.
        return f"[[{title}]]" if label in (title, "") or not label.strip() else f"[[{title}|{label}]]"

    def _image(self, node: SyntaxTreeNode) -> str:
        src = str(node.attrs.get("src", ""))
        alt = self._label(node)
        caption = str(node.attrs.get("title") or "")
        if is_external(src):
            # Wikis do not embed external images: link to it instead.
            return f"[{self.var('url', external_url(src))} {alt or 'image'}]"
        name = title_from_href(src)
        if name.lower().startswith(_FILE_PREFIXES):
            name = name.split(":", 1)[1].strip()
        file_title = wiki_title("File:" + name.rsplit("/", 1)[-1])
        if file_title is None or "#" in file_title:  # no such file name: show the words
            return " ".join(w for w in (alt, escape_text(caption, in_table=self.in_table, in_link=True)) if w)
        params = ["thumb"]
        if caption:
            if alt:
                params.append(f"alt={alt}")
            params.append(caption_param(escape_text(caption, in_table=self.in_table, in_link=True)))
        elif alt:
            params.append(caption_param(alt))
        file_name = file_title.split(":", 2)[2]
        return f"[[File:{self.var('file', file_name)}|{'|'.join(params)}]]"


# ------------------------------------------------------------------ blocks


def to_blocks(markdown: str, base_level: int = 3) -> list[Block]:
    """Markdown -> blocks; the shallowest Markdown heading becomes ``base_level``.

    In the one-page layout the month is the level-2 section, so the update's
    own headings start at 3 (``===``); a month subpage uses 2.
    """
    tree = parse_tree(markdown)
    levels = [int(n.tag[1]) for n in tree.walk() if n.type == "heading"]
    shift = base_level - min(levels) if levels else 0
    return _blocks(tree.children, shift)


def _blocks(nodes: list[SyntaxTreeNode], shift: int) -> list[Block]:
    blocks: list[Block] = []
    for node in nodes:
        kind = node.type
        if kind == "heading":
            level = max(2, min(6, int(node.tag[1]) + shift))
            inline = node.children[0]
            blocks.append(Heading(level, InlineWriter().write(inline).strip(), inline.content))
        elif kind == "paragraph":
            blocks.append(Paragraph(InlineWriter().write(node.children[0], line_start=True)))
        elif kind in ("bullet_list", "ordered_list"):
            blocks.append(ListBlock(tuple(_items(node, ""))))
        elif kind == "table":
            blocks.append(_table(node))
        elif kind == "blockquote":
            blocks.append(Quote(tuple(_blocks(node.children, shift))))
        elif kind in ("fence", "code_block"):
            code = node.content.rstrip("\n").replace("&", "&amp;").replace("<", "&lt;")
            blocks.append(Raw(f"<pre>{code}</pre>"))
        elif kind == "hr":
            blocks.append(Raw("----"))
        elif kind == "html_block":  # only with html on; shown as text
            blocks.append(Paragraph(escape_text(node.content.strip())))
    return blocks


def _items(list_node: SyntaxTreeNode, prefix: str):
    mark = "*" if list_node.type == "bullet_list" else "#"
    for item in list_node.children:
        texts, sources, nested = [], [], []
        for child in item.children:
            if child.type == "paragraph":
                texts.append(InlineWriter().write(child.children[0]))
                sources.append(child.children[0].content)
            elif child.type in ("bullet_list", "ordered_list"):
                nested.append(child)
            elif child.type in ("fence", "code_block"):
                texts.append("<code>" + nowiki(child.content.strip("\n")) + "</code>")
            else:  # a quote, heading or table in the item: each piece of text, on its line
                for inner in child.walk():
                    if inner.type == "inline":
                        texts.append(InlineWriter().write(inner))
                        sources.append(inner.content)
                    elif inner.type in ("fence", "code_block"):
                        texts.append("<code>" + nowiki(inner.content.strip("\n")) + "</code>")
        yield ListItem(prefix + mark, "<br />".join(texts), " ".join(sources))
        for sub in nested:
            yield from _items(sub, prefix + mark)


def _table(node: SyntaxTreeNode) -> Table:
    rows = []
    for section in node.children:  # thead, tbody
        for tr in section.children:
            cells = []
            for cell in tr.children:
                inline = cell.children[0] if cell.children else None
                source = inline.content if inline is not None else ""
                translatable = any(c.isalpha() for c in source)
                text = InlineWriter(tvars=translatable, in_table=True).write(inline) if inline else ""
                style = str(cell.attrs.get("style", ""))
                align = style.split(":", 1)[1] if style.startswith("text-align:") else None
                cells.append(
                    Cell(text.strip(), cell.type == "th", align, translatable and bool(text.strip()))
                )
            rows.append(tuple(cells))
    return Table(tuple(rows))
