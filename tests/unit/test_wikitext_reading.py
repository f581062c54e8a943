"""readable_text: one walker over wikitext, two sets of rules (own words, quoted words)."""

from __future__ import annotations

from ldwg_bot.feedback.language import own_words
from ldwg_bot.feedback.links import plain_text
from ldwg_bot.text.wikitext import ReadingRules, readable_text

COMMENT = (
    "I agree with [[Leadership|the draft]] and {{quote|the second goal}}, "
    "see [[User:Farida|Farida]] and [https://example.org the notes].<br/>Next line "
    "<ref>a source</ref>&amp; more <!--T:4-->\n== Part ==\n"
)


def test_bare_rules_keep_text_labels_and_entities_only():
    text = readable_text(COMMENT, ReadingRules())
    assert "the draft" in text and "the notes" in text and "Farida" in text and "&" in text
    assert "second goal" not in text and "Part" not in text and "T:4" not in text


def test_own_words_drop_quotes_user_links_and_references():
    words = own_words(COMMENT)
    assert "the draft" in words and "Next line" in words
    assert "second goal" not in words and "Farida" not in words and "a source" not in words


def test_quoted_words_keep_template_values_bare_targets_and_headings():
    text = plain_text(COMMENT + " [[Goals]]")
    assert "the second goal" in text and "Part" in text and "Goals" in text
    assert "a source" not in text and "<br/>" not in text
    assert text == " ".join(text.split())
