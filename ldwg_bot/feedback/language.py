"""The language of a comment, from the commenter's own words.

Every comment source (talk pages, CSV imports, forum posts) hands its records
to :func:`annotate` before they are stored. For each record:

1. :func:`own_words` keeps what the commenter wrote: signatures, templates
   (quote templates included), links to users and pages, URLs, quoted text
   (``<blockquote>``, ``<q>``, ``> `` lines, text in quotation marks) and code
   are dropped; the label of a piped link stays.
2. py3langid (its model ships inside the package: nothing is downloaded) ranks
   *all* its languages. When the best language overall is clear on its own --
   probability at least :data:`OUTSIDE_THRESHOLD` over at least
   :data:`OUTSIDE_MIN_LETTERS` letters -- it is kept even when nobody expected
   it (a Portuguese comment on the English page of a group without ``pt`` is
   ``pt``). Otherwise, for short and unclear texts, we take the best-ranked
   *plausible* language (the wiki's content language, the page's language,
   the group's ``languages`` and ``[group.feedback] detect_languages``) and
   accept it only when its probability reaches the threshold
   (``language_threshold``). Both rules were chosen on
   ``bench/language_comments.tsv`` (see ``bench/language_bench.py``).
3. Otherwise the comment keeps its page language (``/<code>`` suffix, else
   the page's content language).

py3langid says ``sdh`` for Central Kurdish (Sorani); we store ``ckb``, and
``ku`` written in Arabic script is ``ckb`` too (Kurmanji is written in Latin
letters).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ldwg_bot.text.wikitext import ReadingRules, readable_text

from .record import CommentRecord

#: Lowest threshold with >= 98% precision in every length bucket of
#: bench/language_comments.tsv (see README). Probabilities are normalised over
#: the whole model, so at 0.5 the accepted language also beats all others together.
DEFAULT_THRESHOLD = 0.5
#: Fewer letters than this: too little to judge, keep the page language.
MIN_LETTERS = 10
#: A language outside the plausible set is accepted from this probability and this many letters:
#: the rule of bench/language_bench.py (>= 98% precision in every length bucket, with one step of
#: margin: the next lower probability on its grid passes too). py3langid's most confident wrong
#: answers on that set were Indonesian read as Malay at 0.53-0.65.
OUTSIDE_THRESHOLD = 0.7
OUTSIDE_MIN_LETTERS = 10

ALIASES = {"sdh": "ckb"}
#: py3langid labels that are no language to keep ("zxx": no linguistic content).
NOT_LANGUAGES = frozenset({"zxx"})
_DROP_TAGS = {
    "blockquote",
    "q",
    "ref",
    "code",
    "pre",
    "nowiki",
    "syntaxhighlight",
    "source",
    "math",
    "poem",
    "gallery",
    "templatedata",
    "s",
    "del",
}
_DROP_NS = {"user", "user talk", "special", "file", "image", "category", "media"}
# links keep their labels (not those of user pages, files, categories), templates and quoting
# tags are dropped, line-making tags end a line
_OWN_WORDS = ReadingRules(
    space_after_links=True,
    dropped_tags=frozenset(_DROP_TAGS),
    line_tags=frozenset({"br", "p", "div", "li"}),
    dropped_link_namespaces=frozenset(_DROP_NS),
)
_QUOTED_RE = re.compile(
    r'"[^"\n]{2,}"|“[^”\n]{2,}”|„[^“”\n]{2,}[“”]|«[^»\n]{2,}»|»[^«\n]{2,}«'
    r"|‘[^’\n]{2,}’|「[^」\n]+」|『[^』\n]+』"
)
_URL_RE = re.compile(r"\b(?:https?:)?//\S+", re.IGNORECASE)
_SIG_LEFTOVER_RE = re.compile(r"~{3,5}|\(UTC\)|\d{1,2}:\d{2}")
_ARABIC_RE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")


@dataclass(frozen=True)
class LanguageDecision:
    language: str  # what the bot uses: detected, or the page language
    detected: str | None  # the accepted detection, or None
    confidence: float | None  # probability of the best plausible language (None: not judged)
    page_language: str


def own_words(wikitext: str) -> str:
    """The commenter's own words from a comment's wikitext, as plain text."""
    text = readable_text(wikitext, _OWN_WORDS)
    return _clean_plain(wikitext if text is None else text)


def _clean_plain(text: str) -> str:
    lines = [ln for ln in text.splitlines() if not ln.lstrip(":*# ").startswith(">")]
    text = "\n".join(ln.lstrip(":*#;") for ln in lines)
    text = _URL_RE.sub(" ", text)
    text = _QUOTED_RE.sub(" ", text)
    text = _SIG_LEFTOVER_RE.sub(" ", text)
    text = text.replace("'''", "").replace("''", "")
    return " ".join(text.split())


def letters(text: str) -> int:
    return sum(1 for ch in text if unicodedata.category(ch).startswith("L"))


def normalize_label(label: str, text: str) -> str:
    """Model label -> our code: ``sdh`` -> ``ckb``; ``ku`` in Arabic script -> ``ckb``."""
    if label == "ku" and _ARABIC_RE.search(text):
        return "ckb"
    return ALIASES.get(label, label)


def _base(code: str) -> str:
    return code.split("-", 1)[0].lower()


class _Model:
    """py3langid's identifier, loaded once per process on first use (:mod:`.langmodel`)."""

    _lock = threading.Lock()
    _identifier = None

    @classmethod
    def rank(cls, text: str) -> list[tuple[str, float]]:
        with cls._lock:
            if cls._identifier is None:
                from ldwg_bot.feedback.langmodel import load_identifier

                cls._identifier = load_identifier(norm_probs=True)
            return cls._identifier.rank(text)


@dataclass(frozen=True)
class Judgement:
    """What the model says about one text: the best plausible language and the best overall."""

    plausible: str | None  # best-ranked plausible code (None: too short, or none ranked)
    plausible_prob: float | None  # its probability (None: too short to judge)
    overall: str | None  # best-ranked code of the whole model
    overall_prob: float
    letters: int


class Detector:
    """Keeps a clear language even outside the plausible set, else the best plausible one above
    ``threshold`` (see the module doc)."""

    def __init__(
        self,
        plausible: Iterable[str],
        threshold: float = DEFAULT_THRESHOLD,
        outside_threshold: float = OUTSIDE_THRESHOLD,
        outside_min_letters: int = OUTSIDE_MIN_LETTERS,
    ):
        self.plausible = {_base(c): c for c in reversed(list(dict.fromkeys(c for c in plausible if c)))}
        self.threshold = threshold
        self.outside_threshold = outside_threshold
        self.outside_min_letters = outside_min_letters

    def judge(self, text: str, extra: Sequence[str] = ()) -> Judgement:
        """Rank ``text`` once; ``extra`` codes (the page language) count as plausible too."""
        n = letters(text)
        if n < MIN_LETTERS:
            return Judgement(None, None, None, 0.0, n)
        allowed = dict(self.plausible)
        for c in extra:
            if c:
                allowed.setdefault(_base(c), c)
        scores: dict[str, float] = {}
        for label, prob in _Model.rank(text):
            code = normalize_label(label, text)
            scores[code] = scores.get(code, 0.0) + prob
        ranked = sorted(scores.items(), key=lambda kv: -kv[1])
        overall, overall_prob = ranked[0] if ranked else (None, 0.0)
        for code, prob in ranked:
            if _base(code) in allowed:
                return Judgement(allowed[_base(code)], prob, overall, overall_prob, n)
        return Judgement(None, 0.0, overall, overall_prob, n)

    def best(self, text: str, extra: Sequence[str] = ()) -> tuple[str | None, float | None]:
        """(best plausible code, its probability), or (None, None) when the text is too short."""
        j = self.judge(text, extra)
        return j.plausible, j.plausible_prob

    def detect(self, text: str, extra: Sequence[str] = ()) -> tuple[str | None, float | None]:
        """(accepted code or None, its probability or the best plausible one's): the whole rule."""
        return self.accept(self.judge(text, extra), extra)

    def accept(self, j: Judgement, extra: Sequence[str] = ()) -> tuple[str | None, float | None]:
        """The rule of the module doc applied to a judgement (the bench replays it on one ranking)."""
        plausible_bases = {_base(c) for c in (*self.plausible, *extra) if c}
        if (
            j.overall is not None
            and j.overall not in NOT_LANGUAGES
            and _base(j.overall) not in plausible_bases
            and j.overall_prob >= self.outside_threshold
            and j.letters >= self.outside_min_letters
        ):
            return j.overall, j.overall_prob
        if j.plausible is not None and j.plausible_prob is not None and j.plausible_prob >= self.threshold:
            return j.plausible, j.plausible_prob
        return None, j.plausible_prob

    def decide(self, wikitext: str, page_language: str) -> LanguageDecision:
        code, prob = self.detect(own_words(wikitext), [page_language])
        confidence = None if prob is None else round(prob, 4)
        if code is None:
            return LanguageDecision(page_language, None, confidence, page_language)
        if _base(code) == _base(page_language):
            code = page_language  # keep the page's variant (pt-br, zh-hant)
        return LanguageDecision(code, code, confidence, page_language)


def annotate(records: Iterable[CommentRecord], detector: Detector) -> list[CommentRecord]:
    """The records with ``language`` (the decision), ``language_detected``,
    ``language_confidence`` and ``page_language``, decided from their words; the
    language a record comes with is its page's (or import's).

    A record with ``language_given`` (a CSV row with its own language column) keeps it."""
    out = []
    for rec in records:
        page_language = rec.page_language or rec.language
        if rec.language_given:
            decision = LanguageDecision(page_language, None, None, page_language)
        else:
            decision = detector.decide(rec.text, page_language)
        out.append(
            replace(
                rec,
                language=decision.language,
                language_detected=decision.detected,
                language_confidence=decision.confidence,
                page_language=decision.page_language,
            )
        )
    return out
