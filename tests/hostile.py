"""Hostile strings: text from people and other systems that MediaWiki (or Markdown) would read
as something other than text, for tests that feed it to every renderer.

Each atom is one way outside text has been (or could be) turned into markup by the wiki:

* the pre-save transform (MediaWiki ``Parser::preSaveTransform``/``pstPass2``, REL1_39):
  signatures ``~~~``/``~~~~``/``~~~~~``, ``{{subst:}}``/``{{safesubst:}}``, the pipe trick
  ``[[A (b)|]]``;
* the parse: templates, parser functions (``{{#if:}}``, ``{{DISPLAYTITLE:}}``,
  ``{{DEFAULTSORT:}}``), double-underscore magic words, links, categories, interwiki and
  interlanguage links, external links (bracketed and bare), magic links (ISBN, RFC, PMID),
  tags (``<nowiki>``, ``<ref>``, ``<pre>``), language-converter markup ``-{ }-``, rules,
  list/heading/table marks;
* character references that decode to ``~ { [ |`` (named, decimal and hex), which MediaWiki
  decodes in link targets and URLs but not in the pre-save transform;
* characters the API changes on the way in or that change the reading direction: RTL marks and
  overrides, a line separator, control characters, NUL, a non-NFC sequence.

:data:`ATOMS` is the fixed list; :func:`corpus` gives every atom, alone and glued to ordinary
text; :func:`hostile_texts` is the hypothesis strategy that combines them with random text.
"""

from __future__ import annotations

from hypothesis import strategies as st

ENTITIES = [
    "&#126;&#126;&#126;&#126;",
    "&#x7e;&#x7E;&#x7e;",
    "&tilde;&tilde;&tilde;",  # ~ (&tilde; is not ~)
    "&#123;&#123;subst:X&#125;&#125;",
    "&#x7b;&#x7B;PAGENAME&#x7d;&#x7D;",
    "&lbrace;&lbrace;X&rbrace;&rbrace;",
    "&#91;&#91;Category:Ent&#93;&#93;",
    "&#x5b;&#x5B;Ent&#x5d;&#x5D;",
    "&lsqb;&lsqb;Ent&rsqb;&rsqb;",
    "&#124;",
    "&#x7C;",
    "&vert;",
    "&verbar;",
    "&amp;#126;&amp;#126;&amp;#126;",
]
PRE_SAVE = [
    "~~~",
    "~~~~",
    "~~~~~",
    "{{subst:PAGENAME}}",
    "{{safesubst:PAGENAME}}",
    "{{subst:#if:1|x}}",
    "[[Pipe trick (x)|]]",
    "[[Help:Pipe trick|]]",
]
PARSE = [
    "{{Hostile template}}",
    "{{#if:1|iftext}}",
    "{{DISPLAYTITLE:Hijacked}}",
    "{{DEFAULTSORT:Zzz}}",
    "__NOTOC__",
    "__NOINDEX__",
    "__DISAMBIG__",
    "__FORCETOC__",
    "__HIDDENCAT__",
    "__NEWSECTIONLINK__",
    "[[Category:Hostile]]",
    "[[:Category:Hostile]]",
    "[[Hostile link]]",
    "[[wikipedia:Hostile]]",
    "[[fr:Hostile]]",
    "[[File:Hostile.png]]",
    "[[Media:Hostile.png]]",
    "<nowiki>",
    "</nowiki>",
    "<nowiki>~~~~</nowiki>",
    "-{ zh }-",
    "-{",
    "}-",
    "ISBN 0306406152",
    "RFC 1149",
    "PMID 12345",
    "----",
    "[http://evil.example/b bracketed]",
    "http://evil.example/bare",
    "mailto:evil@example.org",
    "<ref>note</ref>",
    "<pre>pre</pre>",
    "<!-- comment",
    "-->",
    "<b>bold</b>",
    "'''",
    "''",
    "* item",
    "# item",
    ": indent",
    "; term",
    "== heading ==",
    "{|",
    "|}",
    "||",
    "!!",
    "|-",
    "#REDIRECT [[Hostile]]",
    "[[",
    "]]",
    "{{",
    "}}",
    "|",
]
CHARACTERS = [
    "\u200f",
    "\u200e",
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2028",
    "\u2029",
    "\x00",
    "\x1b",
    "\x7f",
    "\t",
    "\r\n",
    "e\u0301",
    "\ufeff",
    "\u00a0",
]
ATOMS: list[str] = ENTITIES + PRE_SAVE + PARSE + CHARACTERS

_FILLER = st.text(alphabet="abcXYZ 019-_.:/#'&;é", max_size=6)


def corpus() -> list[str]:
    """Every atom alone, then glued to words on both sides, then a few stacked together."""
    glued = [f"x{atom}y" for atom in ATOMS]
    spaced = [f"Word {atom} word" for atom in ATOMS]
    stacked = ["".join(ATOMS[i : i + 4]) for i in range(0, len(ATOMS), 4)]
    return ATOMS + glued + spaced + stacked


def hostile_texts() -> st.SearchStrategy[str]:
    """One outside string: one to three atoms with random text around and between them."""
    piece = st.tuples(_FILLER, st.sampled_from(ATOMS)).map("".join)
    return st.builds(
        lambda parts, tail: "".join(parts) + tail, st.lists(piece, min_size=1, max_size=3), _FILLER
    )
