"""Link targets, URLs and image parameters of a Markdown update, written so nothing in them is markup.

A wiki link the author typed (``[[Page|label]]``) or wrote in Markdown (``[label](Page)``) is
meant; what its *target* holds is not. MediaWiki reads a target in ways an author does not
expect, and these are the rules kept here (checked on the devwiki, MediaWiki 1.39):

* pre-save transform (``includes/parser/Parser.php`` ``pstPass2``) runs on the raw wikitext,
  link targets and external URLs included: ``~~~``/``~~~~``/``~~~~~`` become a signature,
  ``{{subst:X}}`` is expanded, and ``[[Page|]]`` is completed (the pipe trick). Only
  ``<nowiki>``/``<pre>`` and similar strip tags protect text; ``<code>`` does not;
* the preprocessor expands ``{{...}}`` everywhere, and ``__NOTOC__``-style double-underscore
  magic words act even inside a link target (``[[Foo __NOTOC__]]`` sets NOTOC);
* a target is percent-decoded when it holds ``%`` and then character-reference decoded
  (``Parser::handleInternalLinks2``, ``MediaWikiTitleCodec``), so ``[[&#67;ategory:X]]`` and
  ``[[Category&#58;X]]`` categorise the page like ``[[Category:X]]``;
* a title cannot hold ``# < > [ ] | { }``, ``~~~``, control characters or ``%XX``
  (``$wgLegalTitleChars`` and ``MediaWikiTitleCodec::splitTitleString``); a link to an invalid
  title is shown as its raw text.

So a target is decoded the way MediaWiki will decode it, checked, and written back with
nothing left to decode: a valid title becomes a link (with a leading colon whenever it has a
namespace-like prefix, so Category:, File:, or an interlanguage prefix only links); anything
else is not a link (:func:`wiki_title` returns None and the caller writes plain text).
"""

from __future__ import annotations

import html.entities
import re
from urllib.parse import unquote

_CHAR_REF = re.compile(r"&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|([A-Za-z][A-Za-z0-9]*));")
_BAD_IN_TITLE = re.compile(r"[<>\[\]{}|\x00-\x1f\x7f\ufffd]|~~~|%[0-9A-Fa-f]{2}")
_MAX_TITLE_BYTES = 255


def decode_char_refs(text: str) -> str:
    """``&#67;``, ``&#x43;``, ``&amp;`` -> the character, as MediaWiki's Sanitizer decodes them.

    Only complete references (ending in ``;``) and known names are decoded; others stay text.
    """

    def one(m: re.Match[str]) -> str:
        dec, hexa, name = m.groups()
        if name is not None:
            return html.entities.html5.get(name + ";", m.group(0))
        code = int(dec) if dec is not None else int(hexa, 16)
        return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _CHAR_REF.sub(one, text)


def typed_target(raw: str) -> str:
    """The title a typed ``[[raw]]`` names once MediaWiki has decoded it."""
    if "%" in raw:
        raw = unquote(raw)
    return decode_char_refs(raw)


def wiki_title(title: str) -> str | None:
    """``title`` (already decoded) written as a link target that is only a title, or None.

    Underscores become spaces (the same title, and no ``__MAGIC__`` can form), ``&`` is
    written as ``&amp;``, and a namespace-like prefix gets the leading colon that makes the
    link a link. None: not a title MediaWiki would link (the caller shows plain text).
    """
    text = " ".join(title.replace("_", " ").split())
    colon = text.startswith(":")
    text = text.lstrip(": ").strip()
    page, hash_, fragment = text.partition("#")
    if not text or (not page.strip() and not fragment.strip()) or _BAD_IN_TITLE.search(text):
        return None
    if len(page.encode("utf-8")) > _MAX_TITLE_BYTES or is_external(page):
        return None
    if page and (colon or ":" in page):
        text = ":" + text
    return text.replace("&", "&amp;")


def is_external(href: str) -> bool:
    """``https://...``, ``//host``, ``mailto:``: a URL, not a page title."""
    head, sep, _ = href.partition("://")
    if sep and head and head[0].isalpha() and all(c.isalnum() or c in "+.-" for c in head):
        return True
    return href.startswith("//") or href.lower().startswith("mailto:")


def shown_text(target: str) -> str:
    """What MediaWiki shows for a bare ``[[target]]``: the target as typed, less a leading colon."""
    return decode_char_refs(target).strip().removeprefix(":").strip()


# ------------------------------------------------------------------ URLs

# Per character or run: what would be markup in wikitext or end the link. Percent-encoding
# them names the same resource (RFC 3986 2.1-2.3); a run keeps its first characters so
# ordinary URLs (a single ~ or _ ) are unchanged.
_URL_ESCAPES = re.compile(r"[ \"<>\[\]{}|\x00-\x1f\x7f]|~(?=~)|_(?=_)|'(?=')|!(?=!)")


def external_url(url: str) -> str:
    """A URL as it can stand in ``[URL label]``: no signature, template, quote, table pipe."""
    return _URL_ESCAPES.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


# ---------------------------------------------------------------- images

# Parameters MediaWiki reads as image options, not as the caption: the English "img_*" magic
# words of languages/messages/MessagesEn.php (REL1_39), bare or as "key=value", and sizes such
# as "200px"/"x100px". A caption that reads like one gets its first character as a character
# reference, which the option matcher does not decode and a reader sees as itself.
_OPTION_WORDS = (
    "thumbnail|thumb|right|left|none|center|centre|framed|enframed|frame|frameless|"
    "upright|border|baseline|sub|super|sup|top|text-top|middle|bottom|text-bottom"
)
_OPTION_KEYS = "thumbnail|thumb|manualthumb|page|upright|link|alt|class|lang"
OPTION_LIKE = re.compile(
    rf"\s*(?:(?:{_OPTION_WORDS})|(?:{_OPTION_KEYS})\s*=.*|(?:page|upright)\s+\S*|"
    r"\d*\s*x?\s*\d+\s*px)\s*",
    re.S | re.I,
)


def caption_param(text: str) -> str:
    """``text`` (escaped wikitext) made safe as the caption parameter of an image link."""
    if text and OPTION_LIKE.fullmatch(text):
        stripped = text.lstrip()
        lead = text[: len(text) - len(stripped)]
        return f"{lead}&#{ord(stripped[0])};{stripped[1:]}"
    return text
