"""Issue 23 on the real MediaWiki: generated Markdown updates, rendered, change nothing on save
and mean nothing their source did not write.

The corpus is the generator of ``tests/unit/updates/mdgen.py`` (deep nesting, long lists,
tables, raw HTML, hostile link targets and text). Batches of rendered month sections go to
``action=parse&onlypst=1`` (the pre-save transform must return them unchanged: no signature,
no substitution, no pipe trick) and to ``action=parse`` for templates, categories, page
properties and links (none of them may come from text the author did not mean as a link), and
the words of each batch's sources must be in the HTML MediaWiki made of it.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from urllib.parse import unquote

import pytest
from hypothesis import HealthCheck, given, settings

from ldwg_bot.updates import page as page_module
from ldwg_bot.updates.markdown import parse_tree
from ldwg_bot.updates.mdlinks import decode_char_refs
from ldwg_bot.updates.mdwords import markdown_words, words
from ldwg_bot.updates.page import render_month_section
from ldwg_bot.updates.source import parse_update
from tests.helpers import main_in_process, site_toml, updates_group_toml
from tests.unit.updates.mdgen import FILE, FRONT, markdown_body

pytestmark = pytest.mark.integration

CORPUS = 40  # generated updates; ~6 requests of 8 updates each
BATCH = 8
# (1.43 draws a thumbnail as <figure> with a <figcaption>: blocks, as 1.39's <div class="thumb">.)
# Categories MediaWiki adds by itself: the devwiki has no files, so every image is a broken link.
TRACKING = {"Pages_with_broken_file_links"}
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|figure|figcaption|li|ul|ol|dl|dd|dt|td|th|tr|table|tbody|br|hr|h[1-6]|pre|blockquote)\b[^>]*>"
)
_TAG = re.compile(r"<[^>]*>")


def html_words(text: str):
    """Words of MediaWiki's HTML as a reader sees them: inline tags do not end a word."""
    return words(html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", text))))


def corpus() -> list[tuple[str, str, str]]:
    """(body, with Translate markup, plain) for CORPUS generated updates."""
    out: list[tuple[str, str, str]] = []

    @settings(
        max_examples=CORPUS,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(markdown_body())
    def collect(body: str) -> None:
        update = parse_update(FRONT + body, FILE)
        forms = [render_month_section(update, None, "", 0, t)[0] for t in (True, False)]
        out.append((body, *forms))

    collect()
    return out[-CORPUS:]


def _plain(text: str) -> str:
    """Text compared as a title: Markdown escapes, references and %XX decoded, _ as space, one case."""
    text = unquote(decode_char_refs(re.sub(r"\\(.)", r"\1", text)))
    return " ".join(text.replace("_", " ").casefold().split())


def parse(client, **params) -> dict:
    return client.post(
        action="parse", title="Markdown corpus", contentmodel="wikitext", disablelimitreport=1, **params
    )["parse"]


def test_generated_updates_survive_pst_and_mean_nothing_extra(devwiki):
    client = devwiki.client()
    updates = corpus()
    assert len(updates) >= CORPUS // 2
    for start in range(0, len(updates), BATCH):
        batch = updates[start : start + BATCH]
        for form in (1, 2):
            text = "\n\n".join(u[form] for u in batch)
            pst = parse(client, text=text, onlypst=1)["text"]
            if pst != text.rstrip():
                bad = next(
                    u[form]
                    for u in batch
                    if parse(client, text=u[form], onlypst=1)["text"] != u[form].rstrip()
                )
                pytest.fail(f"the pre-save transform changed a rendered update:\n{bad}")
        plain = "\n\n".join(u[2] for u in batch)
        parsed = parse(client, text=plain, prop="text|templates|categories|properties|links")
        assert parsed["templates"] == [], parsed["templates"]
        assert {c["category"] for c in parsed["categories"]} <= TRACKING, parsed["categories"]
        assert parsed["properties"] in ({}, []), parsed["properties"]
        written = _plain(" ".join(u[0] for u in batch))
        unmeant = [
            link["title"]
            for link in parsed["links"]
            if _plain(link["title"]).split(":", 1)[-1].strip() not in written
        ]
        assert not unmeant, f"links no source wrote: {unmeant}"
        shown = Counter(w.key for w in html_words(parsed["text"]))
        need, alts = Counter(), Counter()
        for body, *_ in batch:
            need += Counter(w.key for w in markdown_words(parse_tree(body)))
            # Alt text is an attribute of an image the devwiki does not have: not shown there.
            alts += Counter(w.key for m in re.finditer(r"!\[([^\]]*)\]", body) for w in words(m.group(1)))
        if need - shown - alts:
            for body, _, text in batch:  # which one: each on its own
                alone = html_words(parse(client, text=text, prop="text")["text"])
                lost = (
                    Counter(w.key for w in markdown_words(parse_tree(body)))
                    - Counter(w.key for w in alone)
                    - alts
                )
                assert not lost, f"{dict(lost)} not on the page for:\n{body}\n{text}"


def test_a_word_that_would_be_lost_stops_the_run_before_any_write(devwiki, tmp_path, capsys, monkeypatch):
    """README: one line naming file and line, exit 1, no page written (a converter that drops
    the last block stands in for a converter bug)."""
    root = "LDWG lost words"
    page, box = f"{root}/Updates", f"Template:{root} box"
    folder = tmp_path / "updates"
    folder.mkdir()
    (folder / "2026-05.md").write_text(
        FRONT + "Kept paragraph.\n\n- a list\n\nThe *last* words.\n", encoding="utf-8"
    )
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        site_toml(tmp_path / "store.sqlite", devwiki)
        + updates_group_toml(root=root, sources=folder, page=page, box=box)
    )
    real = page_module.to_blocks
    monkeypatch.setattr(page_module, "to_blocks", lambda md, level=3: real(md, level)[:-1])
    code, out, err = main_in_process(capsys, "publish-update", "--config", str(cfg))
    lines = err.strip().splitlines()
    assert code == 1 and len(lines) == 1, err
    assert '2026-05.md:11: the text "The last words" would not appear on the page; ' in lines[0]
    client = devwiki.client()
    assert all(not client.revisions(title) for title in (page, box))
