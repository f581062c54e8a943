"""Thread headings as people write them, labelled by the draft section a reader would say they name.

Written for ldwg-bot (issue 25): a six-section draft in seven languages (built
through ``draft.parts_from_blocks``/``add_subpage`` as the bot reads a draft
without Translate) and headings that quote a section's name, prefix it
(``Re:``), frame it with a few words in several languages -- and hard
negatives that only share a common word with a section. ``sections`` is
what a reader would say, not what the rule finds: a miss counts against
recall.
"""

from __future__ import annotations

#: Section number -> its name in each language of the draft (en is the source).
SECTIONS = {
    1: {
        "en": "Principles",
        "es": "Principios",
        "pt": "Princípios",
        "fr": "Principes",
        "ar": "المبادئ",
        "bn": "নীতিমালা",
        "ja": "原則",
    },
    2: {
        "en": "Support",
        "es": "Apoyo",
        "pt": "Apoio",
        "fr": "Soutien",
        "ar": "الدعم",
        "bn": "সহায়তা",
        "ja": "支援",
    },
    3: {
        "en": "Practice",
        "es": "Práctica",
        "pt": "Prática",
        "fr": "Pratique",
        "ar": "الممارسة",
        "bn": "চর্চা",
        "ja": "実践",
    },
    4: {
        "en": "Leadership principles",
        "es": "Principios del liderazgo",
        "pt": "Princípios da liderança",
        "fr": "Principes du leadership",
        "ar": "مبادئ القيادة",
        "bn": "নেতৃত্বের নীতি",
        "ja": "リーダーシップの原則",
    },
    5: {
        "en": "Where leadership happens",
        "es": "Dónde se ejerce el liderazgo",
        "pt": "Onde a liderança acontece",
        "fr": "Où le leadership s'exerce",
        "ar": "أين تمارس القيادة",
        "bn": "নেতৃত্ব কোথায় ঘটে",
        "ja": "リーダーシップが発揮される場",
    },
    6: {
        "en": "Next steps",
        "es": "Próximos pasos",
        "pt": "Próximos passos",
        "fr": "Prochaines étapes",
        "ar": "الخطوات التالية",
        "bn": "পরবর্তী পদক্ষেপ",
        "ja": "今後の予定",
    },
}


def draft_text(lang: str) -> str:
    """The draft (or its ``/<lang>`` page): each section a heading and one paragraph."""
    return "\n".join(f"== {names[lang]} ==\nText of section {n} ({lang}).\n" for n, names in SECTIONS.items())


#: (heading, sections it names).
HEADINGS: list[tuple[str, set[int]]] = [
    # quoted names
    ("Acerca de «Principios»", {1}),
    ("Comentario: “Práctica”", {3}),
    ("Remarque sur « Pratique »", {3}),
    ("Zu „Support“", {2}),
    ('Question on "Next steps"', {6}),
    ("Comment on 'Where leadership happens'", {5}),
    ("Sobre «Dónde se ejerce el liderazgo»", {5}),
    ("حول «المبادئ»", {1}),
    ("«সহায়তা» নিয়ে প্রশ্ন", {2}),
    ("「原則」について", {1}),
    ("「今後の予定」への質問", {6}),
    ("Dúvida sobre ''Apoio''", {2}),
    ("A question about ‘Leadership principles’", {4}),
    # prefixes before a colon
    ("Re: Support", {2}),
    ("RE: Fwd: Principles", {1}),
    ("Re: Re: Leadership principles", {4}),
    ("Próximos pasos: ¿cuándo?", {6}),
    ("Support: who pays for it?", {2}),
    ("মন্তব্য: পরবর্তী পদক্ষেপ", {6}),
    ("Pregunta: Principios del liderazgo", {4}),
    ("Ответ: Practice", {3}),
    # framing words
    ("About the principles", {1}),
    ("Sobre os Princípios", {1}),
    ("À propos des principes", {1}),
    ("حول المبادئ", {1}),
    ("ملاحظات على الخطوات التالية", {6}),
    ("নীতিমালা সম্পর্কে", {1}),
    ("Duda sobre la práctica", {3}),
    ("Pergunta sobre o apoio", {2}),
    ("Proposta para os próximos passos", {6}),
    ("Questions about support", {2}),
    ("The leadership principles", {4}),
    ("Where leadership happens in small communities", {5}),
    ("Commentaire sur les prochaines étapes", {6}),
    ("Practice", {3}),
    ("PRACTICE", {3}),
    ("Next steps?", {6}),
    ("Principles and practice", {1, 3}),  # two names joined: a reader sees both
    ("原則についての質問", {1}),  # no quotes, no spaces: the rule cannot see it
    # hard negatives: a common word shared with a section, or nothing
    ("Principles of voting", set()),
    ("Leadership training", set()),
    ("Leadership", set()),
    ("Support for newcomers", set()),
    ("Practice makes perfect", set()),
    ("Good practice in small wikis", set()),
    ("Next steps for our chapter", set()),
    ("Where does leadership happen?", set()),
    ("Apoyo técnico para los talleres", set()),
    ("Principios básicos de la comunidad", set()),
    ("Re: Voting", set()),
    ("Comentario general", set()),
    ("«Leadership» is a big word", set()),
    ("Sobre el «liderazgo»", set()),
    ("المبادئ الأساسية للتصويت", set()),
    ("الدعم المالي للمجموعات", set()),
    ("ভোটের নীতিমালা", set()),
    ("Support: 'Principles of voting'", {2}),
    ("Questions", set()),
    ("Part 2", set()),
    ("The steps we took next", set()),
]
