"""Does a thread heading name a section of the draft? As people write headings.

People rarely give a thread the bare name of the section they discuss: they
quote it (``Acerca de «Principios»``, ``「Principles」について``), put a prefix
before a colon (``Re: Support``, ``Comentario: “Práctica”``) or frame it with a
few words (``About the principles``, ``নীতিমালা সম্পর্কে``). A heading names a
section, in any language of the draft, when one of its **candidates** does:

1. each quoted span («», »«, “”, „“, "", ‘’, ‚‘, '' (also wiki italics),
   「」, 『』, ‹›);
2. each part of the heading split at colons (``:``, ``：``), so a leading
   ``Re:``/``Fwd:``/``Comment:`` prefix -- in any language -- falls away by
   itself, and ``Support: who pays?`` offers ``Support``;
3. the whole heading.

A candidate first loses the framing words at both of its ends (a short
multilingual list below: "about", "re", "sobre", "acerca de", "à propos de",
"حول", "সম্পর্কে", articles, "comment", "question", ...; a section name loses
them too, unless nothing would be left). It then names the section when

* its words are the section name's words, or
* the section name has at least two words, they occur in it in order and
  contiguous, and they are at least half of the candidate's words.

So a heading that only shares a common word with a section does not link:
``Principles of voting`` names neither ``Principles`` (not the same words) nor
``Leadership principles`` (not all its words), ``Next steps for our chapter``
not ``Next steps`` (two words of five). Words are compared as by
:func:`ldwg_bot.feedback.links.words` (NFKC, case-folded, no punctuation), but
vowel signs and other combining marks stay inside their word (Bengali,
Devanagari, Arabic harakat), and so do zero-width joiners (Persian).
Languages written without spaces (Chinese, Japanese) link through quotes or a
colon only: an unquoted name run into other words is not found.
"""

from __future__ import annotations

import re
import unicodedata

_MARKS = "".join(chr(c) for c in range(0x300, 0x10000) if unicodedata.category(chr(c)) in ("Mn", "Mc", "Me"))
_WORD_RE = re.compile(f"[\\w{re.escape(_MARKS)}\u200c\u200d]+")
_QUOTE_RES = [
    re.compile(p)
    for p in (
        r"«([^»]+)»",
        r"»([^«]+)«",
        r"“([^”]+)”",
        r"„([^“”]+)[“”]",
        r'"([^"]+)"',
        r"‘([^’]+)’",
        r"‚([^‘’]+)[‘’]",
        r"''(.+?)''",
        r"(?<![\w'])'([^']+)'(?![\w'])",
        r"「([^」]+)」",
        r"『([^』]+)』",
        r"‹([^›]+)›",
    )
]
_COLON_RE = re.compile(r"[:：]")

#: Words that frame a section's name in a heading without being part of it, by language (why a
#: word is here: people put it around a name they mean). Only the ends of a heading lose them.
FRAMING_WORDS = {
    "en": "re fw fwd about on regarding concerning comment comments question questions remark remarks "
    "note notes feedback suggestion suggestions proposal thoughts the a an section part paragraph "
    "heading to in for of",
    "es": "sobre acerca de del la el los las lo un una al a en con para respecto relación comentario "
    "comentarios pregunta preguntas duda dudas nota notas propuesta sugerencia sección parte "
    "párrafo apartado",
    "pt": "sobre acerca de do da dos das o a os as ao à em no na para quanto comentário comentários "
    "pergunta perguntas dúvida dúvidas nota proposta sugestão seção secção parte parágrafo",
    "fr": "à a propos de du des la le les l sur au aux concernant pour commentaire commentaires question "
    "questions remarque remarques note proposition suggestion section partie paragraphe",
    "de": "zu zum zur über betreff betr kommentar frage fragen anmerkung anmerkungen vorschlag abschnitt "
    "teil der die das den dem des im",
    "it": "su sul sulla sui riguardo circa commento commenti domanda nota proposta sezione parte il lo "
    "la i gli le al alla di del della a in",
    "nl": "over betreft opmerking vraag de het een sectie deel",
    "ar": "حول عن بخصوص بشأن تعليق تعليقات ملاحظة ملاحظات سؤال أسئلة اقتراح على في قسم فقرة رد",
    "bn": "সম্পর্কে বিষয়ে নিয়ে প্রসঙ্গে মন্তব্য প্রশ্ন প্রস্তাব অংশ অনুচ্ছেদ",
    "hi": "के बारे में पर टिप्पणी सवाल प्रश्न सुझाव खंड भाग",
    "ru": "о об про по поводу насчёт комментарий вопрос замечание раздел часть",
    "id": "tentang mengenai soal komentar pertanyaan usulan bagian",
    "sw": "kuhusu maoni swali sehemu",
    "tr": "hakkında ile ilgili yorum soru öneri bölüm",
    "fa": "درباره دربارهٔ درباره‌ی نظر پرسش بخش مورد",
}


def heading_words(text: str) -> list[str]:
    """Comparable words (see the module doc): NFKC, case-folded, marks kept in their word."""
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold().replace("_", " "))


_FRAMING = frozenset(w for words in FRAMING_WORDS.values() for w in heading_words(words))


def unframed(tokens: list[str]) -> tuple[str, ...]:
    """``tokens`` without framing words at either end; all of them when what is left would be only
    framing or only numbers (``Part 2`` must not become ``2``)."""
    lo, hi = 0, len(tokens)
    while lo < hi and tokens[lo] in _FRAMING:
        lo += 1
    while hi > lo and tokens[hi - 1] in _FRAMING:
        hi -= 1
    rest = tokens[lo:hi]
    return tuple(rest) if any(ch.isalpha() for tok in rest for ch in tok) else tuple(tokens)


def candidates(heading: str) -> list[tuple[str, ...]]:
    """The spans of a heading that may be a section's name (see the module doc), unframed."""
    spans = [m.group(1) for rx in _QUOTE_RES for m in rx.finditer(heading)]
    spans += _COLON_RE.split(heading) + [heading]
    out: list[tuple[str, ...]] = []
    for span in spans:
        toks = heading_words(span)
        if toks and unframed(toks) not in out:
            out.append(unframed(toks))
    return out


def names(candidate: tuple[str, ...], name: tuple[str, ...]) -> bool:
    """The rule of the module doc for one candidate and one (unframed) section name."""
    if candidate == name:
        return True
    n = len(name)
    if n < 2 or 2 * n < len(candidate):
        return False
    return any(candidate[i : i + n] == name for i in range(len(candidate) - n + 1))


class SectionNames:
    """The draft's section names in every language, and which of them a heading names."""

    def __init__(self) -> None:
        self.names: list[tuple[str, str, tuple[str, ...]]] = []  # part key, language, unframed words

    def add(self, key: str, lang: str, text: str) -> None:
        toks = heading_words(text)
        if toks:
            self.names.append((key, lang, unframed(toks)))

    def named_by(self, heading: str) -> list[tuple[str, str]]:
        """(part key, language of the matching name) of each section the heading names, once per part."""
        found: dict[str, str] = {}
        cands = candidates(heading)
        for key, lang, name in self.names:
            if key not in found and any(names(c, name) for c in cands):
                found[key] = lang
        return list(found.items())
