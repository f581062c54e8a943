"""The forum digest: a short Markdown post for the Movement Strategy forum (Discourse).

Title, summary, 3-5 bullets taken from the update's first list(s) (topped
up with its headings when the lists are short), a link to the page and one
to each translation. Wiki links in the bullets become absolute links to the
wiki, since Discourse does not know ``[[...]]``.

Plain text (title, summary, bullets of a wikitext draft) is escaped with a backslash before
every character CommonMark could read as markup (``\\`*_[]<>~#!&|``, and a list, quote, rule
or heading mark that starts the line): Discourse shows it as written, and it forms no link,
image, HTML or code. URLs we build are percent-encoded where Markdown would end or break them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote

import mwparserfromhell
from markdown_it.tree import SyntaxTreeNode

from .. import i18n
from .markdown import Heading, ListBlock, is_external, parse_tree, title_from_href
from .page import update_blocks
from .source import UpdateSource

MIN_BULLETS, MAX_BULLETS = 3, 5
_MD_PLAIN_SPECIAL = "\\`*_[]<>~#!&|"
_MD_LINE_START = re.compile(r"^(?:[-+=>]|\d+(?=[.)]))")

# Autonyms for the link list (each language's name in itself, so no catalog word); unknown codes
# are shown as the code.
AUTONYMS = {
    "ar": "العربية",
    "bn": "বাংলা",
    "de": "Deutsch",
    "en": "English",
    "es": "español",
    "fa": "فارسی",
    "fr": "français",
    "hi": "हिन्दी",
    "id": "Bahasa Indonesia",
    "it": "italiano",
    "ja": "日本語",
    "ko": "한국어",
    "pt": "português",
    "pt-br": "português do Brasil",
    "ru": "русский",
    "sw": "Kiswahili",
    "tr": "Türkçe",
    "uk": "українська",
    "zh": "中文",
    "zh-hans": "中文（简体）",
    "zh-hant": "中文（繁體）",
}


def render_digest(
    update: UpdateSource,
    page_url: str,
    translation_links: Mapping[str, str] | Iterable[tuple[str, str]] = (),
    lang: str = i18n.SOURCE,
) -> str:
    """Markdown ready to paste into Discourse, its own words in ``lang`` (the update's text
    stays as written).

    ``page_url``: the update on the wiki (section anchor or subpage);
    ``translation_links``: language code -> URL of that translation, in the
    order to show them.
    """
    wiki_base = page_url.split("/wiki/", 1)[0] + "/wiki/" if "/wiki/" in page_url else ""
    lines = [f"## {_md_escape(update.title)}", "", _md_escape(update.summary), ""]
    lines += [f"- {b}" for b in digest_bullets(update, wiki_base)]
    lines += ["", i18n.message(lang, "ldwg-bot-digest-read-full", _md_url(page_url))]
    links: list[tuple[str, str]] = list(
        translation_links.items() if isinstance(translation_links, Mapping) else translation_links
    )
    if links:
        shown = i18n.message(lang, "ldwg-bot-dot-separator").join(
            f"[{_md_escape(AUTONYMS.get(code, code))}]({_md_url(url)})" for code, url in links
        )
        lines += ["", i18n.message(lang, "ldwg-bot-digest-also-in", shown)]
    return "\n".join(lines) + "\n"


def digest_bullets(update: UpdateSource, wiki_base: str = "") -> list[str]:
    """3-5 bullets: top-level items of the first lists, then headings."""
    return [bullet for _source, bullet in digest_bullet_sources(update, wiki_base)]


def digest_bullet_sources(update: UpdateSource, wiki_base: str = "") -> list[tuple[str, str]]:
    """Each bullet with the source text it was made from (for the every-word check)."""
    items: list[tuple[str, str]] = []
    headings: list[tuple[str, str]] = []
    markdown = update.body_markdown is not None

    def pair(source: str) -> tuple[str, str]:
        return source, _inline_md(source, wiki_base) if markdown else _md_escape(source)

    for block in update_blocks(update):
        if isinstance(block, ListBlock) and len(items) < MIN_BULLETS:
            # The first list; the next ones only while there are fewer than 3 bullets.
            for item in block.items:
                if len(item.prefix) == 1 and item.source.strip() and len(items) < MAX_BULLETS:
                    items.append(pair(item.source))
        elif isinstance(block, Heading) and block.source.strip():
            headings.append(pair(block.source))
    for heading in headings:
        if len(items) >= MIN_BULLETS:
            break
        if heading[1] not in [bullet for _source, bullet in items]:
            items.append(heading)
    return items[:MAX_BULLETS]


def _inline_md(source: str, wiki_base: str) -> str:
    """Inline Markdown with wiki links made absolute, on one line."""
    tree = parse_tree(source)
    inline = next((n for n in tree.walk() if n.type == "inline"), None)
    if inline is None:
        return " ".join(source.split())
    return " ".join(_md_nodes(inline.children, wiki_base).split())


def _md_nodes(nodes: list[SyntaxTreeNode], base: str) -> str:
    out = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(_wiki_links(node.content, base))
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind in ("strong", "em", "s"):
            mark = {"strong": "**", "em": "*", "s": "~~"}[kind]
            out.append(mark + _md_nodes(node.children, base) + mark)
        elif kind == "code_inline":
            out.append(f"`{node.content}`")
        elif kind == "link":
            label = _md_nodes(node.children, base)
            href = str(node.attrs.get("href", ""))
            if node.markup == "autolink":
                out.append(f"<{href}>")
            elif is_external(href):
                out.append(f"[{label}]({href})")
            else:
                out.append(_wiki_link(title_from_href(href), label, base))
        elif kind == "image":  # the forum gets the words: alt text and caption
            out.append(_md_nodes(node.children, base) + " " + _md_literal(str(node.attrs.get("title") or "")))
        else:
            out.append(node.content)
    return "".join(out)


def _wiki_links(text: str, base: str) -> str:
    """Text with ``[[Page|label]]`` turned into Markdown links; the rest stays text there
    (``<!-- -->``, ``&copy;``, ``*``: a forum would hide or reinterpret them)."""
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    out = []
    for node in code.nodes:
        if isinstance(node, mwparserfromhell.nodes.Wikilink):
            title = str(node.title).strip()
            label = str(node.text).strip() if node.text is not None else ""
            out.append(_wiki_link(title, _md_literal(label or title.lstrip(":")), base))
        else:
            out.append(_md_literal(str(node)))
    return "".join(out)


_MD_SPECIAL = re.compile(r"[\\*_\[\]<>`&]|~(?=~)|!(?=\[)")


def _md_literal(text: str) -> str:
    """Text a forum's Markdown shows as it is (CommonMark: any ASCII punctuation escapes)."""
    return _MD_SPECIAL.sub(lambda m: "\\" + m.group(0), text)


def _wiki_link(title: str, label: str, base: str) -> str:
    if not base:
        return label
    path = quote(title.lstrip(":").replace(" ", "_"), safe="/:#()'!,;*-._~")
    return f"[{label}]({base}{path})"


def _md_escape(text: str) -> str:
    text = mwparserfromhell.parse(text).strip_code() if "[[" in text or "''" in text else text
    text = " ".join(text.split())
    text = "".join("\\" + c if c in _MD_PLAIN_SPECIAL else c for c in text)
    # "1." / "2)" would start a list: escape the mark after the digits; "-", ">"...: the mark.
    return _MD_LINE_START.sub(
        lambda m: m.group(0) + "\\" if m.group(0)[0].isdigit() else "\\" + m.group(0), text
    )


def _md_url(url: str) -> str:
    """A URL Markdown keeps whole: spaces, line breaks and controls, brackets, parentheses, quotes, ``*``
    encoded, and ``_``/``~`` unless between two letters or digits (``Working_Group`` stays as it is, while
    ``__x__`` or ``~~x~~`` could open emphasis or strike-through)."""
    out = []
    for i, c in enumerate(url):
        inner = 0 < i < len(url) - 1 and url[i - 1].isalnum() and url[i + 1].isalnum()
        # a line break or other control would end the URL and could start a block (a setext "-")
        risky = c in " ()<>[]\"'`*\\" or (c in "_~" and not inner) or c.isspace() or not c.isprintable()
        out.append("".join(f"%{b:02X}" for b in c.encode("utf-8", "surrogatepass")) if risky else c)
    return "".join(out)
