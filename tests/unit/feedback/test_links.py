"""Linking comments to parts of the draft: quotes (any language, small changes), headings, nothing."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.feedback.draft import Part, add_subpage, parts_from_blocks, parts_from_units
from ldwg_bot.feedback.links import MIN_CHARS, MIN_WORDS, PartIndex, plain_text, words

DRAFT = """Intro paragraph that says what this page is for and where to comment on it.

== Draft definition ==
In the Wikimedia movement, leadership is the practice of helping others to contribute to free knowledge.

Leadership is shared: it shows when someone welcomes a newcomer or settles a dispute fairly.

== Qualities ==
* Listening before deciding, and explaining decisions to everyone involved.
* Sharing knowledge and credit, and making room for new people.
"""
DRAFT_ES = """Párrafo de introducción que explica para qué sirve esta página y dónde comentar.

== Definición provisional ==
En el movimiento Wikimedia, el liderazgo es ayudar a otras personas a contribuir al conocimiento libre.

El liderazgo es compartido: se ve cuando alguien acoge a una persona nueva o resuelve un conflicto.

== Cualidades ==
* Escuchar antes de decidir y explicar las decisiones a todas las personas implicadas.
* Compartir conocimiento y reconocimiento, y hacer sitio a gente nueva.
"""


def index() -> tuple[list[Part], PartIndex]:
    parts = parts_from_blocks(DRAFT, "en")
    add_subpage(parts, "es", DRAFT_ES)
    return parts, PartIndex(parts)


def test_blocks_and_alignment_with_a_translation():
    parts, _ = index()
    assert [(p.key, p.heading) for p in parts] == [
        ("1", False),
        ("2", True),
        ("3", False),
        ("4", False),
        ("5", True),
        ("6", False),
        ("7", False),
    ]
    assert parts[3].section == "Draft definition"
    assert parts[1].texts["es"] == "Definición provisional"
    assert parts[6].texts["es"].startswith("Compartir conocimiento")


def test_a_translation_with_another_layout_is_aligned_per_section():
    parts = parts_from_blocks(DRAFT, "en")
    odd = DRAFT_ES.replace("== Cualidades ==\n", "== Cualidades ==\nUn párrafo más.\n\n")
    add_subpage(parts, "es", odd)
    assert "es" in parts[2].texts and "es" not in parts[5].texts


def test_quotes_in_any_language_with_small_changes():
    _, idx = index()
    en = idx.link("I like ''leadership is the practice of helping others to contribute''. Good.", "Hi")
    assert [(ln.part, ln.method, ln.language) for ln in en] == [("3", "quote", "en")]
    assert en[0].matched == "leadership is the practice of helping others to contribute"
    es = idx.link("{{cita|EL LIDERAZGO es compartido; se ve cuando alguien da la bienvenida}} ¡bien!", "x")
    assert [(ln.part, ln.language) for ln in es] == [("4", "es")]
    block = idx.link("<blockquote>Escuchar antes de decidir, y explicar   las decisiones</blockquote>", "")
    assert [ln.part for ln in block] == ["6"]
    assert idx.link("Yes: and making room for new people!", "") == []  # 6 words, 30 characters


def test_headings_name_sections_in_any_language():
    _, idx = index()
    assert [
        (ln.part, ln.method, ln.language) for ln in idx.link("Me gusta.", "Sobre la Definición provisional")
    ] == [("2", "heading", "es")]
    assert idx.link("Fine.", "Cualidades") == [idx.heading("Cualidades")[0]]
    assert idx.link("Fine.", "Qualities of a good organiser") == []  # one-word names must be the heading


def test_a_comment_that_quotes_nothing_links_nowhere():
    _, idx = index()
    assert (
        idx.link(
            "The draft is good but the definition of leadership needs more examples "
            "from small wikis and from offline work.",
            "General remarks",
        )
        == []
    )


def test_translate_units():
    text = (
        "<languages/>\n<translate>\n== Draft == <!--T:1-->\n\n<!--T:2-->\nFirst paragraph of the draft "
        "with enough words to quote.\n</translate>\n* <translate><!--T:3--> A list item of the draft "
        "that is long enough</translate>\n"
    )
    parts = parts_from_units(text, "en")
    assert [(p.key, p.heading, p.source) for p in parts] == [
        ("1", True, "Draft"),
        ("2", False, "First paragraph of the draft with enough words to quote."),
        ("3", False, "A list item of the draft that is long enough"),
    ]


def test_plain_text_keeps_quotes_and_labels():
    assert plain_text("{{tq|text=quoted words}} [[Foo|label]] <!--T:4--> ''x''") == "quoted words label x"
    assert words("Hello, WORLD!  ¿Qué?") == ["hello", "world", "qué"]


# ------------------------------------------------------------ property test

VOCAB = words(DRAFT) + words(DRAFT_ES) + ["foo", "bar", "quux", "leadership", "el", "la"]


def _has_qualifying_span(comment: list[str], part: list[str]) -> bool:
    """Brute force: some common run of comment and part words has 8 words or 40 characters."""
    for i in range(len(comment)):
        for j in range(len(part)):
            n = 0
            while i + n < len(comment) and j + n < len(part) and comment[i + n] == part[j + n]:
                n += 1
                run = comment[i : i + n]
                if len(run) >= MIN_WORDS or len(" ".join(run)) >= MIN_CHARS:
                    return True
    return False


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(VOCAB), max_size=40), st.sampled_from([",", " ", ".  ", "; "]), st.data())
def test_random_text_links_only_with_a_qualifying_span(tokens, sep, data):
    parts, idx = index()
    # sometimes splice a real run of a part into the random text
    if data.draw(st.booleans()):
        part = data.draw(st.sampled_from(parts))
        lang = data.draw(st.sampled_from(sorted(part.texts)))
        src = words(part.texts[lang])
        a = data.draw(st.integers(0, len(src)))
        b = data.draw(st.integers(a, len(src)))
        at = data.draw(st.integers(0, len(tokens)))
        tokens = tokens[:at] + src[a:b] + tokens[at:]
    text = sep.join(tokens)
    linked = {ln.part for ln in idx.quotes(text)}
    for part in parts:
        expected = any(_has_qualifying_span(words(text), words(t)) for t in part.texts.values())
        assert (part.key in linked) == expected, (part.key, text)
