"""The masking as mwparserfromhell sees it: a slow reference for :mod:`ldwg_bot.feedback.mask`.

This is the tree walk the parser used before the linear pass (quadratic on
unclosed ``<!--``, ``<ref>``, ``{{unsigned|`` ...). On well-formed pages both
must blank the same characters and find the same templates.
"""

from __future__ import annotations

import mwparserfromhell
from mwparserfromhell.nodes import Comment, Heading, Tag, Template, Text

from ldwg_bot.feedback.mask import (
    IGNORED_TAGS,
    OUTDENT_TEMPLATES,
    UNSIGNED_TEMPLATES,
    blank_spans,
    template_key,
)


def _scan(nodes, offset: int, masks: list, templates: list) -> None:
    for node in nodes:
        if isinstance(node, Text):
            offset += len(node.value)
            continue
        s = str(node)
        n = len(s)
        if isinstance(node, Comment):
            masks.append((offset, offset + n))
        elif isinstance(node, Tag):
            if str(node.tag).strip().lower() in IGNORED_TAGS:
                masks.append((offset, offset + n))
            elif node.contents is not None:
                inner = str(node.contents)
                close = (node.closing_wiki_markup or "") if node.wiki_markup else f"</{node.closing_tag}>"
                at = n - len(inner) - len(close)
                if at < 0 or s[at : at + len(inner)] != inner:
                    at = s.find(inner)
                if at >= 0:
                    _scan(node.contents.nodes, offset + at, masks, templates)
        elif isinstance(node, Template):
            key = template_key(str(node.name))
            if key in UNSIGNED_TEMPLATES or key in OUTDENT_TEMPLATES:
                templates.append((offset, offset + n, key))
                masks.append((offset, offset + n))
            else:
                pos = offset + 2 + len(str(node.name))
                for param in node.params:
                    pos += 1
                    if param.showkey:
                        pos += len(str(param.name)) + 1
                    _scan(param.value.nodes, pos, masks, templates)
                    pos += len(str(param.value))
        elif isinstance(node, Heading):
            _scan(node.title.nodes, offset + node.level, masks, templates)
        offset += n


def reference_mask(text: str) -> tuple[str, list[tuple[int, int, str]]]:
    masks: list = []
    templates: list = []
    _scan(mwparserfromhell.parse(text, skip_style_tags=True).nodes, 0, masks, templates)
    return blank_spans(text, masks), templates
