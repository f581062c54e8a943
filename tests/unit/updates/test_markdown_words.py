"""Issue 23: a Markdown update keeps every word of its source and cannot become markup.

Generated Markdown (:mod:`.mdgen`) goes through the renderer in both forms the bot writes
(Translate markup and plain). Properties: every word of the source reaches the page and the
digest, or the run-time check stops with one line naming the file and line; and the rendering
holds no template, signature, substitution, category, magic word or tag the source did not
write as an explicit wiki construct (a ``[[link]]`` or an image). The same corpus is sent to
the real MediaWiki in ``tests/integration/test_markdown_wiki.py``.
"""

from __future__ import annotations

import re

import mwparserfromhell
import pytest
from hypothesis import HealthCheck, given, settings

from ldwg_bot.errors import SourceError
from ldwg_bot.updates import page as page_module
from ldwg_bot.updates.digest import digest_bullets
from ldwg_bot.updates.inputs import load_folder
from ldwg_bot.updates.markdown import to_blocks
from ldwg_bot.updates.mdlinks import decode_char_refs
from ldwg_bot.updates.mdwords import check_words
from ldwg_bot.updates.page import render_month_section
from ldwg_bot.updates.source import load_update, parse_update
from tests.shared import shared_path

from .mdgen import FILE, FRONT, markdown_body
from .util import EXAMPLES

BOUNDED = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
_OPAQUE = re.compile(r"<nowiki>.*?</nowiki>|<pre>.*?</pre>", re.S)
_ALLOWED_TAGS = {"s", "code", "br", "tvar", "translate", "blockquote", "span", "languages"}
_ERROR = re.compile(
    r'^updates/2026-05\.md:(\d+): the text "[^\n]+" would not appear '
    r"(on the page|in the forum digest); [^\n]+$"
)


def rendered(body: str) -> list[str]:
    update = parse_update(FRONT + body, FILE)
    return [render_month_section(update, None, "", 0, translatable)[0] for translatable in (True, False)]


def markup_problems(wikitext: str, images: int) -> list[str]:
    """What in ``wikitext`` MediaWiki would read as markup no Markdown author meant."""
    rest = _OPAQUE.sub(" ", wikitext)
    problems = [f"{seq!r} outside <nowiki>" for seq in ("~~~", "{{", "}}", "__", "-{", "|]]") if seq in rest]
    code = mwparserfromhell.parse(rest)
    problems += [f"template {t}" for t in code.filter_templates()]
    embedded = 0
    for link in code.filter_wikilinks():
        title = str(link.title)
        title = decode_char_refs(re.sub(r"</?tvar\b[^>]*>", "", title))
        if re.match(r"\s*category\s*:", title, re.I):
            problems.append(f"category {link}")
        elif re.match(r"\s*(file|image)\s*:", title, re.I):
            embedded += 1
            if not str(link.text or "").startswith("thumb"):
                problems.append(f"file embedded without the image form: {link}")
    if embedded > images:
        problems.append(f"{embedded} files embedded for {images} Markdown images")
    for tag in code.filter_tags():
        if str(tag.tag).lower() not in _ALLOWED_TAGS and not tag.wiki_markup:
            problems.append(f"tag {tag.tag}")
    for comment in code.filter_comments():
        if not re.fullmatch(r"T:\d+", str(comment.contents)):
            problems.append(f"comment {comment}")
    return problems


def test_every_word_reaches_the_page_or_the_run_stops_naming_the_line():
    """60 generated updates; the renderer keeps every word, so none stops the run."""
    stopped: list[str] = []

    @BOUNDED
    @given(markdown_body())
    def one(body: str) -> None:
        text = FRONT + body
        try:
            check_words(parse_update(text, FILE))
        except SourceError as exc:
            message = str(exc)
            match = _ERROR.match(message)
            assert match, message
            assert 1 <= int(match.group(1)) <= text.count("\n") + 1
            stopped.append(message)

    one()
    assert stopped == []


@BOUNDED
@given(markdown_body())
def test_the_rendering_never_holds_markup_the_source_did_not_write(body):
    images = body.count("![")
    for text in rendered(body):
        assert markup_problems(text, images) == [], text


@pytest.mark.parametrize(
    "markdown,never",
    [
        # The breaks of issue 23, reproduced: each was in the rendered page as markup.
        ("[[{{subst:X}}|the label]]", "{{subst:"),
        ("[[Foo~~~~|the label]]", "~~~~"),
        ("[label](<{{subst:X}}>)", "{{subst:"),
        ("[label](https://x.org/~~~~)", "~~~~"),
        ("[label](https://x.org/{{subst:X}})", "{{subst:"),
        ("<https://x.org/~~~~>", "~~~"),
        ("[[Foo|]]", "|]]"),
        ("[](Foo)", "|]]"),
        ("[[Foo \\_\\_NOTOC\\_\\_|label]]", "__"),
    ],
)
def test_hostile_link_targets_are_not_markup(markdown, never):
    for text in rendered(markdown + "\n"):
        assert never not in _OPAQUE.sub(" ", text), text
        assert markup_problems(text, 0) == [], text


@pytest.mark.parametrize(
    "markdown",
    [
        "[[&amp;#67;ategory:X]]",  # MediaWiki decodes the reference in the title
        "[[Category&amp;#58;X]]",
        "[[Category:X *emphasised*]]",  # a link whose target would span emphasis
        "[x](<Category:Y>)",
    ],
)
def test_no_spelling_of_a_category_categorises(markdown):
    for text in rendered(markdown + "\n"):
        assert markup_problems(text, 0) == [], text


def test_a_target_that_is_no_title_shows_as_text_and_a_valid_one_links():
    assert (
        to_blocks("[[{{subst:X}}|label]]")[0].text
        == "&#91;&#91;<nowiki>{{</nowiki>subst:X<nowiki>}}</nowiki>&#124;label&#93;&#93;"
    )
    assert to_blocks("[[Foo_Bar]] [[A&amp;B|b]]")[0].text == "[[Foo Bar|Foo_Bar]] [[A&amp;B|b]]"
    assert to_blocks("[label](<{{x}}>)")[0].text == "label"
    assert (
        to_blocks("![left](File:X.png)")[0].text == '[[File:<tvar name="file1">X.png</tvar>|thumb|&#108;eft]]'
    )  # a caption, not an option


def test_code_in_a_quote_in_a_list_item_reaches_the_page():
    """It vanished (exit 0): a code block inside a quote inside a list item had no inline text."""
    body = "- item\n\n  > ```\n  > the code words\n  > ```\n"
    assert all("the code words" in text for text in rendered(body))
    check_words(parse_update(FRONT + body, FILE))


def test_digest_bullets_keep_words_a_forum_would_hide():
    """On main the forum hid the comment, showed (c) for &copy; and an empty link for [[Foo|]]."""
    body = "- one <!-- a note --> x\n- two &amp;copy; y\n- three [[Foo|]] z\n"
    update = parse_update(FRONT + body, FILE)
    bullets = digest_bullets(update, "https://wiki.invalid/wiki/")
    assert bullets == [
        "one \\<!-- a note --\\> x",
        "two \\&copy; y",
        "three [Foo](https://wiki.invalid/wiki/Foo) z",
    ]
    check_words(update)


def test_a_lost_word_stops_the_run_with_one_line_naming_file_and_line(tmp_path, monkeypatch):
    """A converter that drops a block (here: the last one) is caught before any write."""
    (tmp_path / "2026-05.md").write_text(
        FRONT + "First paragraph.\n\nSecond *paragraph* here.\n", encoding="utf-8"
    )
    real = page_module.to_blocks
    monkeypatch.setattr(page_module, "to_blocks", lambda md, level=3: real(md, level)[:-1])
    with pytest.raises(SourceError) as caught:
        load_folder(tmp_path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(
        f'{tmp_path / "2026-05.md"}:9: the text "Second paragraph here" would not appear on the page; '
    )


def test_the_examples_pass_the_check():
    paths = sorted(EXAMPLES.glob("*.md"))
    assert paths
    for path in paths:
        check_words(load_update(path))


def test_the_shared_samples_pass_the_check():
    for path in sorted(shared_path("samples", "updates").glob("*.md")):
        check_words(load_update(path))
