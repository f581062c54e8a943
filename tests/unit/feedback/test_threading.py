"""Threading as DiscussionTools reads it (issue 13): one small page per pattern, then
real-sized generated pages with many of each, where every comment's true parent is known."""

from __future__ import annotations

import pytest

from ldwg_bot.feedback import WikiConventions, parse_comments

from . import threadgen

EN = WikiConventions.default_english()


def sig(user: str, time: str = "12:00, 1 August 2022") -> str:
    return f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {time} (UTC)"


def parse(text: str):
    return parse_comments(text, EN)


# ---------------------------------------------------------------- rule 1: lines that render nothing


@pytest.mark.parametrize(
    "between",
    [
        '<div style="clear:both;"></div>',
        "<span></span><!-- archived by a bot -->",
        "{{clear}}",
        "{{-}}",
        "|}",
        "<br />",
        '<!-- a note -->\n\n<span id="x"></span>',
        ':<div style="clear:both"></div>',
    ],
)
def test_a_line_that_renders_nothing_does_not_break_the_reply(between):
    c = parse(
        f"== T ==\nQuestion. {sig('A', '10:00, 1 August 2022')}\n{between}\n"
        f":Answer. {sig('B', '10:05, 1 August 2022')}\n::More. {sig('A', '10:10, 1 August 2022')}"
    )
    assert [x.author for x in c] == ["A", "B", "A"]
    assert [x.level for x in c] == [0, 1, 2]
    assert c[1].parent_id == c[0].id and c[2].parent_id == c[1].id
    assert c[1].id == "c-B-20220801100500-A-20220801100000"
    assert c[1].text.endswith("Answer.")


def test_a_line_with_words_still_starts_the_comment_at_its_own_depth():
    # DiscussionTools takes the smaller of the first line's and the signature line's depth
    c = parse(
        f"== T ==\nQ. {sig('A', '10:00, 1 August 2022')}\nNot indented words\n"
        f":Indented end. {sig('B', '10:05, 1 August 2022')}"
    )
    assert c[1].level == 0 and c[1].parent_id is None


def test_quoted_words_before_a_comment_stay_in_its_text_but_do_not_set_its_depth():
    c = parse(
        f"== T ==\nQ. {sig('A', '10:00, 1 August 2022')}\n<div></div>\n<pre>quoted</pre>\n"
        f":Answer. {sig('B', '10:05, 1 August 2022')}"
    )
    assert c[1].text == "<pre>quoted</pre>\nAnswer."  # bare tags dropped, quoted words kept
    assert c[1].level == 1 and c[1].parent_id == c[0].id


# ---------------------------------------------------------------- rule 2: one paragraph, one comment


def test_a_postscript_signed_again_on_the_same_line_is_one_comment():
    c = parse(
        f"== T ==\nIdea. {sig('A', '10:00, 1 August 2022')} P.S. also this. "
        f"{sig('A', '10:30, 1 August 2022')}\n"
        f":Reply. {sig('B', '11:00, 1 August 2022')}"
    )
    assert len(c) == 2
    assert (c[0].author, c[0].text, c[0].signatures) == ("A", "Idea. P.S. also this.", 2)
    assert c[0].timestamp.hour == 10 and c[0].timestamp.minute == 0  # the first signature's time
    assert c[1].parent_id == c[0].id == "c-A-20220801100000-T"


def test_a_postscript_on_the_next_line_of_the_same_paragraph_is_one_comment():
    c = parse(
        f"== T ==\nIdea. {sig('A', '10:00, 1 August 2022')}\nP.S. also this. "
        f"{sig('A', '10:30, 1 August 2022')}\n"
        f":Reply. {sig('B', '11:00, 1 August 2022')}"
    )
    assert [(x.author, x.signatures) for x in c] == [("A", 2), ("B", 1)]
    assert c[1].parent_id == c[0].id


def test_a_postscript_on_an_indented_line_is_one_comment():
    c = parse(
        f"== T ==\nQ. {sig('A', '09:00, 1 August 2022')}\n"
        f":Idea. {sig('B', '10:00, 1 August 2022')} (edited {sig('B', '10:30, 1 August 2022')})\n"
        f"::Reply. {sig('C', '11:00, 1 August 2022')}"
    )
    assert [x.author for x in c] == ["A", "B", "C"]
    assert c[2].parent_id == c[1].id


@pytest.mark.parametrize("gap", ["\n\n", "\n:", "\n<div>\n", " </div> "])
def test_a_new_paragraph_or_block_starts_a_new_comment(gap):
    c = parse(f"== T ==\nOne. {sig('A', '10:00, 1 August 2022')}{gap}Two. {sig('A', '10:30, 1 August 2022')}")
    assert len(c) == 2


def test_different_people_on_one_line_stay_separate_comments():
    # DiscussionTools would fold B's words into A's comment; we keep B as the author of them
    c = parse(
        f"== T ==\nOne. {sig('A')} Two. {sig('B', '12:01, 1 August 2022')}\n:Reply. "
        f"{sig('C', '12:02, 1 August 2022')}"
    )
    assert [x.author for x in c] == ["A", "B", "C"]
    assert c[2].parent_id == c[1].id


# ---------------------------------------------------------------- rule 3: signatures in inline markup


@pytest.mark.parametrize(
    "signature",
    [
        "<samp>[[User:Kofi A|Kofi A]]</samp> \\\\ 10:00, 1 August 2022 (UTC)",
        "<kbd>[[User:Kofi A|Kofi A]]</kbd> 10:00, 1 August 2022 (UTC)",
        "<tt>[[User:Kofi A|Kofi]] \\ [[User talk:Kofi A|t]]</tt> 10:00, 1 August 2022 (UTC)",
        '<span style="font-family:monospace">[[User:Kofi A|Kofi A]]</span> · 10:00, 1 August 2022 (UTC)',
    ],
)
def test_a_signature_wrapped_in_inline_markup_is_a_top_level_comment(signature):
    c = parse(f"== T ==\nMy point. {signature}\n:Reply. {sig('B', '10:05, 1 August 2022')}")
    assert [(x.author, x.level) for x in c] == [("Kofi A", 0), ("B", 1)]
    assert c[0].text == "My point." and c[0].parent_id is None
    assert c[1].parent_id == c[0].id


# ---------------------------------------------------------------- real-sized pages


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_real_sized_pages_have_no_wrong_parent(seed):
    text, written = threadgen.talk_page(250_000, seed)
    comments = parse(text)
    patterns = {
        p: sum(1 for w in written if w.pattern == p) for p in ("filler", "postscript", "samp", "outdent")
    }
    assert len(text) > 240_000 and all(n >= 5 for n in patterns.values()), patterns
    wrong = threadgen.wrong_parents(comments, written)
    assert len(wrong) <= 0.005 * len(written), [written[i] for i in wrong[:5]]
    assert wrong == []


def test_a_page_dense_with_every_pattern():
    text, written = threadgen.talk_page(120_000, seed=7, rate=0.3)
    assert threadgen.wrong_parents(parse(text), written) == []


# ---------------------------------------------------------------- time budget


def test_a_page_over_its_time_budget_raises_parse_timeout():
    from ldwg_bot.feedback import ParseTimeout
    from ldwg_bot.feedback.parse import Budget

    text, _ = threadgen.talk_page(50_000)
    with pytest.raises(ParseTimeout, match=r"budget of 0.001 s \(reading comments\)"):
        Budget(0.001, clock=iter([0.0, 5.0]).__next__).check("reading comments")
    with pytest.raises(ParseTimeout):
        parse_comments(text, EN, budget=1e-9)
    assert parse_comments(text, EN, budget=60)
