"""Plain Markdown text as wikitext that shows the same characters (split from :mod:`.markdown`).

:func:`escape_text` is the converter's escaper: translators read its output, so it keeps
typed wiki links (made safe by :func:`typed_link` and :mod:`.mdlinks`) and escapes only what
would change the rendering -- ``{{``, ``''``, ``~~~``, ``__``, ``----``, ``-{``, tags,
entities, external-link brackets, table pipes -- with ``<nowiki>`` or a character reference.
"""

from __future__ import annotations

from .mdlinks import is_external, shown_text, typed_target, wiki_title


def nowiki(text: str) -> str:
    """Literal text: ``<nowiki>`` when it holds anything wiki-like."""
    if not any(c in text for c in "<>&[]{}|'~_=:*#-"):
        return text
    return "<nowiki>" + text.replace("&", "&amp;").replace("<", "&lt;") + "</nowiki>"


_NOWIKI_SEQUENCES = ("{{", "}}", "{|", "|}", "''", "~~~", "__", "----", "-{", "}-")


def escape_text(
    text: str,
    *,
    in_table: bool = False,
    in_link: bool = False,
    quote_start: bool = False,
    quote_end: bool = False,
) -> str:
    """Plain Markdown text -> wikitext showing the same characters.

    ``[[...]]`` on one line stays a wiki link (wiki links are meant), made safe
    by :func:`typed_link`; ``in_link`` (a link's label): brackets and pipes are
    only text.
    ``quote_start``/``quote_end``: an apostrophe touching ``''`` markup would
    change the bold/italic parse, so it becomes ``&#39;``.
    """
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith("[[", i):
            end = text.find("]]", i + 2)
            if end != -1 and "\n" not in text[i:end] and not in_link:
                out.append(typed_link(text[i + 2 : end], in_table=in_table))
                i = end + 2
            else:  # a link not closed in this text would take emphasis or code into its target
                out.append("&#91;&#91;")
                i += 2
            continue
        seq = next((s for s in _NOWIKI_SEQUENCES if text.startswith(s, i)), None)
        if seq is not None:
            run = i + len(seq)
            while run < n and text[run] == seq[-1] and seq[-1] in "'~_-":
                run += 1
            out.append(f"<nowiki>{text[i:run]}</nowiki>")
            i = run
            continue
        c = text[i]
        nxt = text[i + 1] if i + 1 < n else ""
        if c == "<" and (nxt.isalpha() or nxt in "/!?"):
            out.append("&lt;")
        elif c == "&" and _entity_like(text, i):
            out.append("&amp;")
        elif c == "[" and is_external(text[i + 1 : i + 12]):
            out.append("<nowiki>[</nowiki>")
        elif c == "'" and ((i == 0 and quote_start) or (i == n - 1 and quote_end)):
            out.append("&#39;")
        elif (in_table or in_link) and c == "|":
            out.append("&#124;")
        elif in_link and c in "[]":
            out.append("&#91;" if c == "[" else "&#93;")
        elif in_table and c == "!" and nxt == "!":
            out.append("&#33;")
        else:
            out.append(c)
        i += 1
    return "".join(out)


def typed_link(inner: str, in_table: bool = False) -> str:
    """A ``[[inner]]`` typed in the Markdown, made safe.

    The target is written by :func:`.mdlinks.wiki_title` (a title and nothing else); a
    target that is not a title shows the whole ``[[...]]`` as text. The label is escaped
    as text; an empty label is dropped (no pipe trick for the pre-save transform to do).
    """
    target, _bar, label = inner.partition("|")
    title = wiki_title(typed_target(target))
    if title is None:
        return "&#91;&#91;" + escape_text(inner, in_table=in_table, in_link=True) + "&#93;&#93;"
    if label.strip():
        return f"[[{title}|{escape_text(label, in_table=in_table, in_link=True)}]]"
    shown = shown_text(target)
    if title.lstrip(":").replace("&amp;", "&") == shown:
        return f"[[{title}]]"
    return f"[[{title}|{escape_text(shown, in_table=in_table, in_link=True)}]]"


def _entity_like(text: str, i: int) -> bool:
    j = i + 1
    if j < len(text) and text[j] == "#":
        j += 1
    start = j
    while j < len(text) and text[j].isalnum():
        j += 1
    return j > start and j < len(text) and text[j] == ";"
