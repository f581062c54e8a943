"""Comment extraction edge cases on hand-written English wikitext."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ldwg_bot.feedback import WikiConventions, parse_comments
from ldwg_bot.feedback.record import from_comment

EN = WikiConventions.default_english()


def sig(user: str, time: str = "12:00, 1 August 2022") -> str:
    return f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {time} (UTC)"


def parse(text: str):
    return parse_comments(text, EN)


def test_thread_structure_parents_and_ids():
    text = "\n".join(
        [
            "== Topic ==",
            f"Question. {sig('Alice', '10:00, 1 August 2022')}",
            f":Answer. {sig('Bob', '11:00, 1 August 2022')}",
            f"::Follow-up. {sig('Alice', '11:30, 1 August 2022')}",
            f":Other answer. {sig('Carol', '12:00, 1 August 2022')}",
            f"Second top-level. {sig('Dave', '13:00, 1 August 2022')}",
        ]
    )
    c = parse(text)
    assert [x.author for x in c] == ["Alice", "Bob", "Alice", "Carol", "Dave"]
    assert [x.level for x in c] == [0, 1, 2, 1, 0]
    assert c[0].id == "c-Alice-20220801100000-Topic"
    assert c[1].id == "c-Bob-20220801110000-Alice-20220801100000"
    assert c[2].parent_id == c[1].id and c[3].parent_id == c[0].id and c[4].parent_id is None
    assert c[1].timestamp == datetime(2022, 8, 1, 11, 0, tzinfo=UTC)
    assert from_comment(c[0], None, "en", "").timestamp == "2022-08-01T10:00:00Z"


def test_skipped_indentation_attaches_to_previous_comment():
    c = parse(
        f"== T ==\nA. {sig('A', '10:00, 1 August 2022')}\n:::B. {sig('B', '10:05, 1 August 2022')}\n"
        f"::C. {sig('C', '10:10, 1 August 2022')}"
    )
    assert c[1].parent_id == c[0].id and c[2].parent_id == c[0].id


def test_text_before_first_heading_and_level_one_headings():
    c = parse(
        f"Intro. {sig('A')}\n= Big =\nB. {sig('B', '12:01, 1 August 2022')}\n"
        f"=== Sub ===\nC. {sig('C', '12:02, 1 August 2022')}"
    )
    assert [(x.section, x.section_level) for x in c] == [("", 0), ("Big", 1), ("Sub", 3)]
    assert c[0].id == "c-A-20220801120000"  # placeholder heading adds nothing
    assert c[2].id == "c-C-20220801120200-Sub"


def test_duplicate_ids_get_a_number_like_discussiontools():
    # three top-level comments by A in the same minute, each its own paragraph
    c = parse(f"== T ==\nOne. {sig('A')}\n\nTwo. {sig('A')}\n\nThree. {sig('A')}")
    assert [x.text for x in c] == ["One.", "Two.", "Three."]
    assert [x.id for x in c] == ["c-A-20220801120000-T", "c-A-20220801120000-T-1", "c-A-20220801120000-T-2"]
    assert all(x.name == "c-A-20220801120000" for x in c)


def test_several_signatures_on_an_indented_line_are_siblings():
    c = parse(
        f"== T ==\nA. {sig('A', '10:00, 1 August 2022')}\n::One. {sig('B')} Two. {sig('C')}\n"
        f":::Reply. {sig('D', '12:30, 1 August 2022')}"
    )
    assert [(x.author, x.level, x.text) for x in c] == [
        ("A", 0, "A."),
        ("B", 2, "One."),
        ("C", 2, "Two."),
        ("D", 3, "Reply."),
    ]
    assert c[1].parent_id == c[2].parent_id == c[0].id and c[3].parent_id == c[2].id


def test_old_comments_use_iso_timestamps_in_ids():
    c = parse(f"== T ==\nOld. {sig('Some user', '09:15, 3 March 2021')}")
    assert c[0].id == "c-Some_user-2021-03-03T09:15:00.000Z-T"


def test_multi_paragraph_comment_and_trailing_text():
    text = (
        f"== T ==\nPara one.\n\nPara two.\n* list item\nEnd. {sig('A')} (edited)\n"
        f"Next. {sig('B', '12:05, 1 August 2022')}"
    )
    c = parse(text)
    assert c[0].text == "Para one.\n\nPara two.\nlist item\nEnd. (edited)"
    assert c[1].text == "Next."


@pytest.mark.parametrize(
    "tpl", ["{{outdent}}", "{{od}}", "{{Outdent|:::}}", "{{od|::}}", "{{Template:Outdent}}"]
)
def test_outdent_makes_a_reply_to_the_previous_comment(tpl):
    text = (
        f"== T ==\nA. {sig('A', '10:00, 1 August 2022')}\n:B. {sig('B', '10:01, 1 August 2022')}\n"
        f"::C. {sig('C', '10:02, 1 August 2022')}\n{tpl}\nD. {sig('D', '10:03, 1 August 2022')}\n"
        f":E. {sig('E', '10:04, 1 August 2022')}\nF. {sig('F', '10:05, 1 August 2022')}"
    )
    c = parse(text)
    assert [x.level for x in c] == [0, 1, 2, 3, 4, 3]
    assert c[3].outdented and c[3].parent_id == c[2].id
    assert c[4].parent_id == c[3].id and c[5].parent_id == c[2].id
    assert c[3].text == "D."
    assert c[3].id == "c-D-20220801100300-T"  # DiscussionTools id: heading is the parent


@pytest.mark.parametrize(
    "wrapper",
    [
        "<nowiki>{}</nowiki>",
        "<pre>{}</pre>",
        "<!-- {} -->",
        "<syntaxhighlight lang=text>{}</syntaxhighlight>",
        "<source>{}</source>",
        "<code>{}</code>",
        "<blockquote>{}</blockquote>",
        "<div><nowiki>{}</nowiki></div>",
        "{{quote|1=<nowiki>{}</nowiki>}}",
    ],
)
def test_signatures_in_ignored_regions(wrapper):
    c = parse(
        "== T ==\n" + wrapper.replace("{}", sig("Quoted")) + f"\nReal. {sig('Real', '12:01, 1 August 2022')}"
    )
    assert [x.author for x in c] == ["Real"]


def test_unclosed_html_comment_hides_the_rest_of_the_page():
    assert [x.author for x in parse(f"A. {sig('A')}\n<!-- forgot to close\nB. {sig('B')}")] == ["A"]


def test_signature_in_a_div_or_template_parameter_counts():
    c = parse(
        f"<div>Inside. {sig('A')}</div>\n{{{{archive top|result=Closed. "
        f"{sig('B', '12:03, 1 August 2022')}}}}}"
    )
    assert [x.author for x in c] == ["A", "B"]


@pytest.mark.parametrize(
    "tpl, author, when",
    [
        ("{{unsigned|Bob|12:00, 1 August 2022 (UTC)}}", "Bob", (2022, 8, 1, 12, 0)),
        ("{{Unsigned2|12:00, 1 August 2022 (UTC)|bob}}", "Bob", (2022, 8, 1, 12, 0)),
        ("{{unsignedIP|192.0.2.7|09:30, 2 May 2023 (UTC)}}", "192.0.2.7", (2023, 5, 2, 9, 30)),
        ("{{unsigned|Some_user|12:00, August 1, 2022 (UTC)}}", "Some user", (2022, 8, 1, 12, 0)),
        ("{{unsigned|Bob|2022-08-01T12:00:00Z}}", "Bob", (2022, 8, 1, 12, 0)),
    ],
)
def test_unsigned_templates(tpl, author, when):
    c = parse(f"== T ==\nUnsigned words. {tpl}")
    assert [(x.author, x.timestamp, x.text) for x in c] == [
        (author, datetime(*when, tzinfo=UTC), "Unsigned words.")
    ]


def test_unsigned_without_date_is_not_a_comment():
    assert parse("== T ==\nWords. {{unsigned|Bob}}") == []


@pytest.mark.parametrize(
    "link, author",
    [
        ("[[user talk:bob_the_builder|talk]]", "Bob the builder"),
        ("[[User_talk:Bob|talk]]", "Bob"),
        ("[[USER:Bob]]", "Bob"),
        ("[[:User:Bob|Bob]]", "Bob"),
        ("[[User:Bob#top|Bob]]", "Bob"),
        ("[[Special:Contributions/203.0.113.5|203.0.113.5]]", "203.0.113.5"),
        ("[[special:contribs/2001:db8::ff|x]]", "2001:DB8::FF"),
        ("[[Special:Contributions/~2024-12345|~2024-12345]]", "~2024-12345"),
        ("<span style=\"color:red\">[[User:Bob|'''Bob''']]</span> — [[User talk:Bob|💬]]", "Bob"),
    ],
)
def test_user_link_variants(link, author):
    c = parse(f"Hello. {link} 12:00, 1 August 2022 (UTC)")
    assert [x.author for x in c] == [author]
    assert c[0].text == "Hello."


@pytest.mark.parametrize(
    "line",
    [
        "Timestamp only 12:00, 1 August 2022 (UTC)",
        "[[User:Bob/sandbox|sandbox]] 12:00, 1 August 2022 (UTC)",
        "[[User:Bob|Bob]]" + " padding" * 30 + " 12:00, 1 August 2022 (UTC)",
        "[[User:Bob|Bob]]\n12:00, 1 August 2022 (UTC)",
        "== [[User:Bob|Bob]] 12:00, 1 August 2022 (UTC) ==",
        "[[Special:Contributions|x]] 12:00, 1 August 2022 (UTC)",
    ],
)
def test_not_signatures(line):
    assert parse(line) == []


def test_closest_link_names_the_author():
    c = parse(
        "I agree with [[User:Alice|Alice]]. [[User:Bob|Bob]] ([[User talk:Bob|talk]]) 12:00, 1 August 2022 "
        "(UTC)"
    )
    assert c[0].author == "Bob" and c[0].text == "I agree with [[User:Alice|Alice]]."


def test_heading_markup_is_stripped_and_duplicate_anchors_numbered():
    c = parse(f"== ''Hello'' [[World|there]] <!-- x --> ==\nA. {sig('A')}\n== Hello there ==\nB. {sig('B')}")
    assert [x.section for x in c] == ["Hello there", "Hello there"]
    assert [x.section_anchor for x in c] == ["Hello_there", "Hello_there_2"]
    assert c[1].id == "c-B-20220801120000-Hello_there_2"


def test_multiple_formats_and_windows_line_endings():
    c = parse(f"== T ==\r\nA. {sig('A')}\r\n:B. {sig('B', '12:01, 1 August 2022')}\r\n")
    assert [x.level for x in c] == [0, 1]
    assert c[1].parent_id == c[0].id


def test_empty_and_signature_free_pages():
    assert parse("") == []
    assert parse("== Only a heading ==\nNo signatures here.") == []
