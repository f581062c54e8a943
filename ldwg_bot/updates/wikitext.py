"""A wikitext draft page -> the same blocks the Markdown converter makes.

For groups who write the update on a draft page instead of in a file. The
draft is already wikitext, so only its structure is read: headings,
paragraphs (separated by blank lines), list lines; tables, templates,
``<pre>`` and indented lines are kept as they are, outside translation units.
Translate markup already on the draft (``<translate>``, ``<!--T:n-->``,
``<tvar>``) is removed first, as Translate itself does when it renders.
"""

from __future__ import annotations

from typing import Any

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Tag, Template, Text
from mwparserfromhell.nodes import Heading as HeadingNode

from .markdown import Block, Heading, ListBlock, ListItem, Paragraph, Raw

_LIST_CHARS = "*#:;"


def strip_translate_markup(text: str) -> str:
    """Remove ``<translate>`` tags, unit markers and ``<tvar>`` wrappers."""
    while True:
        code = mwparserfromhell.parse(text, skip_style_tags=True)
        node = next((n for n in code.filter(recursive=True) if _is_translate_markup(n)), None)
        if node is None:
            break
        if isinstance(node, Tag) and str(node.tag).lower() in ("translate", "tvar"):
            code.replace(node, str(node.contents or ""))
        else:
            code.remove(node)
        text = str(code)
    out = text
    # "<!--T:1-->" at the end of a heading line left a trailing space.
    return "\n".join(line.rstrip() for line in out.split("\n"))


def _is_translate_markup(node) -> bool:
    if isinstance(node, Comment):
        return node.contents.startswith("T:")
    return isinstance(node, Tag) and str(node.tag).lower() in ("translate", "tvar", "languages")


def wikitext_blocks(text: str, base_level: int = 3) -> list[Block]:
    """Blocks of a draft; the shallowest heading becomes ``base_level``."""
    lines = strip_translate_markup(text).split("\n")
    raw_blocks: list[tuple[str, Any]] = []
    para: list[str] = []
    items: list[ListItem] = []
    raw: list[str] = []

    def flush() -> None:
        if para:
            raw_blocks.append(("p", " ".join(p.strip() for p in para)))
            para.clear()
        if items:
            raw_blocks.append(("list", tuple(items)))
            items.clear()
        if raw:
            raw_blocks.append(("raw", "\n".join(raw)))
            raw.clear()

    depth = 0  # inside a {| table |} kept raw
    for line in lines:
        stripped = line.strip()
        if depth or stripped.startswith("{|"):
            if not raw:
                flush()
            raw.append(line)
            depth += stripped.startswith("{|") - stripped.startswith("|}")
            if depth <= 0:
                depth = 0
                flush()
            continue
        if not stripped:
            flush()
            continue
        heading = _heading(line)
        if heading is not None:
            flush()
            raw_blocks.append(("h", heading))
        elif line[0] in _LIST_CHARS:
            if para or raw:
                flush()
            prefix = line[: len(line) - len(line.lstrip(_LIST_CHARS))]
            body = line[len(prefix) :].strip()
            items.append(ListItem(prefix, body, mwparserfromhell.parse(body).strip_code()))
        elif line[0] == " " or _is_raw(stripped):
            if para or items:
                flush()
            raw.append(line)
        else:
            if items or raw:
                flush()
            para.append(line)
    flush()

    levels = [lvl for kind, value in raw_blocks if kind == "h" for lvl in [value[0]]]
    shift = base_level - min(levels) if levels else 0
    blocks: list[Block] = []
    for kind, value in raw_blocks:
        if kind == "h":
            level, title = value
            blocks.append(
                Heading(max(2, min(6, level + shift)), title, mwparserfromhell.parse(title).strip_code())
            )
        elif kind == "p":
            blocks.append(Paragraph(value))
        elif kind == "list":
            blocks.append(ListBlock(value))
        else:
            blocks.append(Raw(value))
    return blocks


def _heading(line: str) -> tuple[int, str] | None:
    code = mwparserfromhell.parse(line.rstrip())
    nodes = [n for n in code.nodes if not (isinstance(n, Text) and not n.value.strip())]
    if len(nodes) == 1 and isinstance(nodes[0], HeadingNode):
        return nodes[0].level, str(nodes[0].title).strip()
    return None


def _is_raw(line: str) -> bool:
    """A line that is only a template, a comment or a block tag: no prose to translate."""
    code = mwparserfromhell.parse(line)
    nodes = [n for n in code.nodes if not (isinstance(n, Text) and not n.value.strip())]
    if not nodes:
        return False
    return all(
        isinstance(n, (Template, Comment))
        or (isinstance(n, Tag) and str(n.tag).lower() in ("pre", "div", "references", "br", "gallery"))
        for n in nodes
    )
