"""Plain text made inert wikitext: the one escaper for names, titles and excerpts we render.

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
