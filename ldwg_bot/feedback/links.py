"""Which part of the draft a comment discusses (pure functions).

A comment is linked to a part of the draft (:class:`ldwg_bot.feedback.draft.Part`)

* by **quote**: the comment's text -- quote templates and ``<blockquote>``
  included -- and the part's text in some language (source or translation)
  share a run of at least :data:`MIN_WORDS` words or of at least
  :data:`MIN_CHARS` characters. Both texts are compared as words: Unicode
  NFKC, case-folded, punctuation and markup dropped, so whitespace, case and
  punctuation differences do not matter, while a changed word ends a run;
* by **heading**: the comment's thread heading names a section of the draft
  in one of its languages, also quoted or framed by other words
  (``Acerca de «Principios»``, ``Re: Support``; the rule is in :mod:`.headings`).

:class:`PartIndex` indexes every qualifying word run of up to ``MIN_WORDS``
words of every part; any longer common run contains one of them, so a
comment is checked with one dictionary look-up per word and run length.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from ldwg_bot.text.wikitext import ReadingRules, readable_text

from .headings import SectionNames
from .record import Link

MIN_WORDS = 8
MIN_CHARS = 40
_WORD_RE = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Comparable words: NFKC, case-folded, without punctuation."""
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold().replace("_", " "))


def span_chars(tokens: Sequence[str]) -> int:
    return len(" ".join(tokens))


def qualifies(tokens: Sequence[str]) -> bool:
    return len(tokens) >= MIN_WORDS or span_chars(tokens) >= MIN_CHARS


_QUOTED_WORDS = ReadingRules(
    template_values=True,
    bare_link_targets=True,
    heading_text=True,
    dropped_tags=frozenset({"ref", "nowiki", "pre", "code"}),
)


def plain_text(wikitext: str) -> str:
    """Readable text of wikitext, keeping what templates and tags quote.

    Template names are dropped but every parameter value is kept, so
    ``{{quote|...}}``, ``{{tq|text=...}}`` or ``{{cita|...}}`` count as the
    words they quote; ``<blockquote>``/``<q>`` keep their contents; links keep
    their labels; ``<!--T:n-->`` markers and ``<translate>`` tags go.
    """
    text = readable_text(wikitext, _QUOTED_WORDS)
    return wikitext if text is None else " ".join(text.split())


class PartIndex:
    """Quote and heading look-ups over the parts of one draft (see the module doc)."""

    def __init__(self, parts: Iterable):
        self.runs: dict[tuple[str, ...], list[tuple[str, str, int]]] = {}
        self.tokens: dict[tuple[str, str], list[str]] = {}
        self.sections = SectionNames()
        for part in parts:
            for lang, text in part.texts.items():
                toks = words(text)
                self.tokens[(part.key, lang)] = toks
                if part.heading:
                    self.sections.add(part.key, lang, text)
                for i in range(len(toks)):
                    for k in range(1, MIN_WORDS + 1):
                        run = tuple(toks[i : i + k])
                        if len(run) < k:
                            break
                        if qualifies(run):
                            self.runs.setdefault(run, []).append((part.key, lang, i))
                            break  # longer runs from i contain this one

    def quotes(self, text: str) -> list[Link]:
        """Parts whose text ``text`` quotes; the longest matched run per part."""
        toks = words(text)
        best: dict[str, tuple[int, str, list[str]]] = {}
        for i in range(len(toks)):
            for k in range(1, MIN_WORDS + 1):
                run = tuple(toks[i : i + k])
                if len(run) < k:
                    break
                hits = self.runs.get(run)
                if not hits:
                    continue
                for key, lang, pos in hits:
                    source = self.tokens[(key, lang)]
                    n = k
                    while i + n < len(toks) and pos + n < len(source) and toks[i + n] == source[pos + n]:
                        n += 1
                    matched = toks[i : i + n]
                    if key not in best or span_chars(matched) > best[key][0]:
                        best[key] = (span_chars(matched), lang, matched)
                break
        return [Link(key, "quote", lang, " ".join(m)) for key, (_, lang, m) in best.items()]

    def heading(self, section: str) -> list[Link]:
        """Heading parts the thread heading ``section`` names."""
        return [Link(key, "heading", lang, section) for key, lang in self.sections.named_by(section)]

    def link(self, wikitext: str, section: str) -> list[Link]:
        """Quote links first; a heading link only for parts not quoted."""
        links = {ln.part: ln for ln in self.quotes(plain_text(wikitext))}
        for ln in self.heading(section):
            links.setdefault(ln.part, ln)
        return sorted(links.values(), key=lambda ln: _order(ln.part))


def _order(key: str) -> tuple:
    return (0, int(key), "") if key.isdigit() else (1, 0, key)
