"""The forum digest."""

from __future__ import annotations

from ldwg_bot.updates.digest import digest_bullets, render_digest
from ldwg_bot.updates.source import load_update, update_from_wikitext
from tests.shared import shared_path

from .util import EXAMPLES, update

URL = "https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group/Updates#update-2022-07"


def test_sample_digest():
    u = load_update(shared_path("samples", "updates", "2022-07.md"))
    text = render_digest(
        u, URL, {"es": "https://meta.wikimedia.org/wiki/X/es", "ar": "https://meta.wikimedia.org/wiki/X/ar"}
    )
    lines = text.splitlines()
    assert lines[0] == "## Leadership Development Working Group: July 2022 update"
    assert lines[2] == u.summary
    bullets = [line for line in lines if line.startswith("- ")]
    assert 3 <= len(bullets) <= 5
    assert bullets[1] == "- Started drafting a **definition of leadership** for the Wikimedia movement."
    assert "[Wikimania 2022](https://wikimania.wikimedia.org/wiki/2022:Wikimania)" in bullets[2]
    assert f"Read the full update: {URL}" in lines
    assert lines[-1] == (
        "Also in: [español](https://meta.wikimedia.org/wiki/X/es) · "
        "[العربية](https://meta.wikimedia.org/wiki/X/ar)"
    )


def test_wiki_links_become_absolute():
    u = update(
        "- See [[Movement Strategy]] and [[Talk:LDWG|the talk page]]\n"
        "- Read [its page](Leadership_Development_Working_Group)\n- Three"
    )
    bullets = digest_bullets(u, "https://meta.wikimedia.org/wiki/")
    assert bullets[0] == (
        "See [Movement Strategy](https://meta.wikimedia.org/wiki/Movement_Strategy) "
        "and [the talk page](https://meta.wikimedia.org/wiki/Talk:LDWG)"
    )
    assert bullets[1] == (
        "Read [its page](https://meta.wikimedia.org/wiki/Leadership_Development_Working_Group)"
    )


def test_short_lists_topped_up_with_headings_and_capped():
    u = update("## Alpha\n\n- one\n\n## Beta\n\nText.\n\n- two\n\n## Gamma")
    assert digest_bullets(u) == ["one", "two", "Alpha"]
    many = update("\n".join(f"- item {n}" for n in range(9)))
    assert len(digest_bullets(many)) == 5
    assert digest_bullets(update("- a\n- b\n- c\n\nText.\n\n- d")) == ["a", "b", "c"]


def test_examples_and_drafts():
    for name in ("2022-07.md", "2022-08.md"):
        text = render_digest(load_update(EXAMPLES / name), URL, [])
        assert 3 <= sum(line.startswith("- ") for line in text.splitlines()) <= 5
        assert "Also in" not in text
    draft = update_from_wikitext(
        "== Done ==\n* One [[Page|link]]\n* Two\n* ''Three''",
        page_title="D",
        month="2022-09",
        title="T",
        summary="S",
    )
    assert digest_bullets(draft) == ["One link", "Two", "Three"]


def test_digest_words_in_the_forum_language():
    """Issue 25: the digest's own lines from the catalog; the update's text stays as written."""
    from ldwg_bot import i18n

    u = load_update(EXAMPLES / sorted(p.name for p in EXAMPLES.iterdir() if p.suffix == ".md")[0])
    links = {"es": "https://meta.wikimedia.org/wiki/X/es"}
    english = render_digest(u, URL, links)
    for lang in ("es", "pt", "ar", "bn", "fr"):
        text = render_digest(u, URL, links, lang=lang)
        assert "Read the full update" not in text and "Also in:" not in text
        assert i18n.message(lang, "ldwg-bot-digest-read-full", URL) in text.splitlines()
        assert text.splitlines()[:3] == english.splitlines()[:3]  # title, summary as written
