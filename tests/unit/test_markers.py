"""Bot-owned sections: the pure rules that keep human text safe."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldwg_bot.errors import MarkerError
from ldwg_bot.text import markers
from tests.helpers import outside_text

PAGE = (
    "Intro by a human.\n\n<!-- ldwg-bot:box:start -->\nold\n<!-- ldwg-bot:box:end -->\n\nHuman text after.\n"
)


def test_replace_keeps_everything_outside():
    new = markers.replace_section(PAGE, "box", "new content")
    assert new == PAGE.replace("\nold\n", "\nnew content\n")


def test_get_section():
    assert markers.get_section(PAGE, "box") == "\nold\n"
    assert markers.get_section(PAGE, "other") is None


def test_replace_missing_section_is_an_error():
    with pytest.raises(MarkerError, match="no 'ldwg-bot:other' section"):
        markers.replace_section(PAGE, "other", "x")


@pytest.mark.parametrize(
    "text, message",
    [
        (PAGE + "<!-- ldwg-bot:box:start -->", "more than once"),
        ("<!-- ldwg-bot:a:end --> <!-- ldwg-bot:a:start -->", "no start"),
        ("<!-- ldwg-bot:a:start --> text", "no end"),
        (
            "<!-- ldwg-bot:a:start --><!-- ldwg-bot:b:start -->"
            "<!-- ldwg-bot:b:end --><!-- ldwg-bot:a:end -->",
            "inside section",
        ),
    ],
)
def test_malformed_markers_refuse(text, message):
    with pytest.raises(MarkerError, match=message):
        markers.find_sections(text)


def test_markers_in_nowiki_pre_and_comments_are_not_markers():
    text = (
        "<nowiki><!-- ldwg-bot:a:start --></nowiki>\n<pre><!-- ldwg-bot:a:end --></pre>\n"
        "<!-- note: <!-- ldwg-bot:a:start -->"
    )
    assert markers.find_sections(text) == {}


def test_upsert_inserts_without_touching_text():
    new = markers.upsert_section("Human.\n", "list", "x")
    assert new.startswith("Human.\n") and markers.get_section(new, "list") == "\nx\n"
    top = markers.upsert_section("Human.\n", "top", "y", where="top")
    assert top.endswith("Human.\n") and top.startswith("<!-- ldwg-bot:top:start -->")


def test_upsert_relative_to_anchor():
    new = markers.upsert_section(PAGE, "before", "b", where="before", anchor="box")
    assert new.index("ldwg-bot:before:start") < new.index("ldwg-bot:box:start")
    assert outside_text(new).count("Intro by a human.") == 1


def test_round_trip_is_identity():
    assert markers.replace_section(PAGE, "box", "old") == PAGE


def test_invalid_name():
    with pytest.raises(ValueError):
        markers.wrap("bad name", "x")


human = st.text(alphabet=st.characters(blacklist_characters="<>", blacklist_categories=("Cs",)), max_size=200)


@given(before=human, after=human, content=st.text(max_size=200))
def test_replace_never_changes_outside(before, after, content):
    page = before + markers.wrap("s", "old") + after
    new = markers.replace_section(page, "s", content)
    assert new.startswith(before) and new.endswith(after)
