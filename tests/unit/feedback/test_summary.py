"""The summary renderer: pure, stable, and nothing from a comment becomes markup."""

from __future__ import annotations

import re

import mwparserfromhell
import pytest

from ldwg_bot.feedback.summary import escape_wikitext, user_link

from .records import render_summary, threads


def row(
    i,
    author="Nadia K",
    section="Topic",
    page="Talk:X",
    ts="2022-08-01T12:00:00Z",
    status="new",
    language="en",
    source="wiki",
    text="Hello.",
    anchor=None,
):
    return {
        "id": f"c{i}",
        "parent_id": None,
        "page": page if source == "wiki" else "",
        "source": source,
        "section": section,
        "section_anchor": section.replace(" ", "_") if anchor is None else anchor,
        "author": author,
        "timestamp": ts,
        "pos": i,
        "status": status,
        "language": language,
        "text": text,
        "permalink": f"http://w/index.php?oldid={i}#{section}" if source == "wiki" else "",
        "level": 0,
    }


HOSTILE = [
    "[[Main Page]]",
    "{{Template}}",
    "<b>x</b>",
    "'''bold'''",
    "== h ==",
    "~~~~",
    "* item",
    "# item",
    ": indent",
    "; term",
    "|| cell",
    "! head",
    "---- rule",
    "__TOC__",
    "ISBN 0306406152",
    "http://evil.example/",
    "{{#if:1|x}}",
    "&amp;",
    "{| table",
    "|}",
    "<!-- c -->",
    "-{zh}-",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_leaves_no_markup(text):
    escaped = escape_wikitext(text)
    parsed = mwparserfromhell.parse(escaped)
    assert all(type(n).__name__ in ("Text", "HTMLEntity") for n in parsed.nodes), parsed.nodes
    assert not re.search(r"[\[\]{}<>|'=~*#:;!_]", re.sub(r"&#\d+;|&\w+;", "", escaped))
    assert "--" not in escaped and "\n" not in escaped
    assert "ISBN 0" not in escaped and "://" not in escaped
    import html

    assert html.unescape(escaped) == text


def test_escape_flattens_line_breaks():
    assert escape_wikitext("a\nb\r\nc\td") == "a b c d"


def test_user_links():
    assert user_link("Nadia K") == "[[User:Nadia K|Nadia K]]"
    assert user_link("192.0.2.1") == "[[Special:Contributions/192.0.2.1|192.0.2.1]]"
    assert "[[" not in user_link("Evil__TOC__")
    assert user_link("Survey person", source="Call") == "Survey person"


def test_render_is_stable_and_has_every_part():
    rows = [
        row(0, section="Alpha"),
        row(1, author="Tomás R", section="Alpha", ts="2022-08-02T09:00:00Z"),
        row(2, author="Farida", section="Beta", language="ar", page="Talk:X/ar"),
        row(3, author="Salma", section="Mentors", source="Arabic call", language="ar"),
        row(4, author="Gone", section="Alpha", status="removed"),
    ]
    text = render_summary(rows)
    assert text == render_summary(list(rows))
    assert "'''4''' comments in '''3''' threads from '''4''' people" in text
    assert "since they were collected: 1" in text
    assert "{{#language:ar}} (ar) || 2 || 0 || 2 || 2" in text
    waiting = text.split("=== Not answered yet ===")[1].split("===")[0]
    assert "Beta" in waiting and "Mentors" in waiting and "Alpha" not in waiting
    assert "Arabic call (import)" in text and "Gone" not in text
    newest = text.split("=== Newest comments ===")[1]
    assert newest.index("Tomás R") < newest.index("Nadia K")


def test_threads_group_by_page_and_section():
    rows = [row(0, section="A"), row(1, section="A", page="Talk:Y"), row(2, section="A")]
    assert [len(t.comments) for t in threads(rows)] == [2, 1]


def test_no_feedback_yet():
    assert "No feedback yet." in render_summary([])


def test_hostile_values_cannot_break_the_table():
    rows = [row(i, author=h, section=h, text=h, anchor=h) for i, h in enumerate(HOSTILE)]
    text = render_summary(rows)
    parsed = mwparserfromhell.parse(text)
    assert not parsed.filter_templates(recursive=True)[1:] or all(
        str(t.name).startswith("#language") for t in parsed.filter_templates()
    )
    links = [str(link.title) for link in parsed.filter_wikilinks()]
    assert all(t.startswith(("Talk:", "User:", "Special:Contributions/")) for t in links)
    body = text.split("=== Threads ===")[1].split("|}")[0]
    assert body.count("\n|-\n") == len(HOSTILE)


def test_forum_posts_in_totals_sources_and_threads():
    forum = "https://forum.example.org/t/1404"
    rows = [
        row(1),
        row(2, author="Omar", source="Arabic call", section="Call"),
        {
            **row(3, author="Mrb_Rafi", section="LDWG thread", anchor="t1404", source="forum"),
            "page": forum,
            "permalink": "https://forum.example.org/t/ldwg/1404/1",
        },
        {
            **row(
                4,
                author="[[Sm8900]]",
                section="LDWG thread",
                anchor="t1404",
                source="forum",
                ts="2022-08-02T12:00:00Z",
            ),
            "page": forum,
            "permalink": "https://forum.example.org/t/ldwg/1404/2",
        },
    ]
    text = render_summary(rows)
    assert "* 1 talk page, 2 forum posts in 1 topic, 1 comment from imported surveys and calls" in text
    assert (
        "=== Sources ===" in text
        and "| forum || 2 || 1 || 2" in text
        and "| talk pages || 1 || 1 || 1" in text
    )
    assert "| Arabic call (import) || 1 || 1 || 1" in text
    assert f"[{forum} forum topic]" in text  # the topic is one thread
    assert "[[Sm8900]]" not in text and "&#91;&#91;Sm8900&#93;&#93;" in text  # names are text, not links
    assert len([t for t in threads(rows) if t.source == "forum"]) == 1


def test_forged_signatures_are_listed_for_a_human_and_still_counted():
    forged = row(1, author="Nadia K", ts="2022-08-01T19:00:00Z") | {
        "signature_check": "mismatch",
        "added_by": "Mallory [x]",
        "added_diff": "http://w/index.php?diff=prev&oldid=7",
    }
    future = row(2, author="Tomás R") | {"signature_check": "future", "added_by": "Tomás R", "added_diff": ""}
    fine = row(3, author="Kofi A") | {"signature_check": "ok", "added_by": "Kofi A"}
    moved = row(4, author="Farida") | {"signature_check": "moved", "added_by": "ArchiveBot"}
    text = render_summary([forged, future, fine, moved])
    assert "'''4''' comments" in text
    part = text.split("=== Signatures to check ===", 1)[1].split("=== Newest comments ===", 1)[0]
    assert "[[User:Nadia K|Nadia K]]" in part and "Mallory &#91;x&#93;" in part
    assert "[http://w/index.php?diff=prev&oldid=7 diff]" in part and "signed by someone other" in part
    assert "Tomás R" in part and "dated more than 10 minutes" in part
    assert "Kofi A" not in part and "Farida" not in part
    assert "Signatures to check" not in render_summary([fine, moved])


def test_forum_slug_and_heading_cannot_sign_or_switch_magic_words():
    # Reproduced break (issue 23): a topic slug with ~~~~ and __NOTOC__ became the bot's
    # signature and a live magic word; a draft heading did the same through a fragment.
    forum = row(0, source="forum", section="Hi", author="Poster")
    forum["page"] = "https://forum.example.org/t/sign-~~~~-__NOTOC__/7"
    forum["permalink"] = forum["page"] + "/2"
    from ldwg_bot.feedback.draft import Part

    text = render_summary(
        [forum], parts=[Part("1", True, "Goals ~~~~ __NOTOC__", {"en": "Goals"})], draft="Draft"
    )
    assert "~~~" not in text and "__" not in text
    assert "[https://forum.example.org/t/sign-%7E%7E%7E%7E-%5F%5FNOTOC%5F%5F/7 forum topic]" in text


def test_long_lists_are_capped_with_the_full_count():
    rows = [
        dict(row(i, author=f"U{i}", section=f"S{i}"), signature_check="mismatch", added_by="Other")
        for i in range(60)
    ]
    text = render_summary(rows)
    check = text.split("=== Signatures to check ===")[1].split("===")[0]
    assert check.count("\n* ") == 51 and "* … and 10 more (60 in all)" in check
    waiting = text.split("=== Not answered yet ===")[1].split("===")[0]
    assert "* … and 10 more (60 in all)" in waiting
    assert render_summary(rows, cap=5).count("… and 55 more (60 in all)") == 2
