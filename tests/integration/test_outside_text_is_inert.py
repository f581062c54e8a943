"""Outside text is inert on the wiki: every renderer, fed hostile strings in every outside
field, writes wikitext that MediaWiki's pre-save transform leaves exactly as it is and whose
parse adds nothing the renderer did not mean.

Asked of the real devwiki (MediaWiki 1.39), not of a model of it:

* ``action=parse&onlypst=1`` -- the pre-save transform (signatures, ``subst:``, the pipe trick,
  plus the API's own NFC and control-character clean-up) must give back the exact text sent.
  When it does not, every later run finds "an edit made on the wiki" and the bot's signature or
  a substituted template is on the page;
* ``action=parse&prop=links|templates|categories|properties|externallinks|iwlinks|langlinks|
  sections`` -- compared with the parse of the *same* renderer fed benign placeholders
  (``Pzq<n>x``) in the same fields: templates, categories, page properties, interwiki and
  interlanguage links must be a subset of the benign ones; each link must be one the benign
  render has, with the placeholder replaced by the outside title MediaWiki would read; external
  links must go to hosts the benign render links to, and be no more; headings no more.

Pages written with Translate markup are parsed as Translate renders them (markup stripped,
``<tvar>`` unwrapped); the devwiki has no Translate. The forum digest is Markdown for Discourse,
checked with markdown-it-py (CommonMark, raw HTML on as Discourse allows some): no token type
more often than in the benign digest, so no link, image, HTML, code or emphasis from outside text.

Corpus (tests/hostile.py): 90 atoms, each alone, glued to words, spaced and stacked (293 strings),
every string in every field of every renderer; then hypothesis combinations (6 examples per
renderer, up to three atoms each with random text around them).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from datetime import UTC, datetime
from urllib.parse import urlsplit

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ldwg_bot.feedback.draft import Part
from ldwg_bot.translations.model import (
    COMPLETE,
    CURRENT,
    MISSING,
    NOT_TRANSLATABLE,
    OUTDATED,
    PARTIAL,
    UNKNOWN,
    Cell,
)
from ldwg_bot.translations.table import render_table
from ldwg_bot.updates.digest import render_digest
from ldwg_bot.updates.page import publish_to_page
from ldwg_bot.updates.source import Month, UpdateSource
from ldwg_bot.updates.subpages import (
    add_to_index,
    index_entry,
    month_page_title,
    render_latest_box,
    render_month_page,
    section_target,
)
from tests.hostile import corpus, hostile_texts
from tests.unit.feedback.records import render_summary

pytestmark = pytest.mark.integration

CHUNK = 24  # strings per render
PLACEHOLDER_RE = re.compile(r"Pzq(\d+)x")
PROPS = "links|templates|categories|properties|externallinks|iwlinks|langlinks|sections"
GENERATED = settings(
    max_examples=6,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def placeholders(first: int, n: int) -> list[str]:
    return [f"Pzq{first + i}x" for i in range(n)]


def rotate(strings: list[str], shift: int):
    """Field k of row ``shift`` gets string ``shift + k``: every string lands in every field."""
    return lambda k: strings[(shift + k) % len(strings)]


# ------------------------------------------------------------------ the renderers, fed


def summary_text(s: list[str]) -> str:
    rows = []
    for i in range(len(s)):
        g = rotate(s, i)
        ts = f"2024-01-{1 + i % 28:02d}T{i % 24:02d}:00:00Z"
        common = {
            "parent_id": None,
            "pos": i,
            "status": "new",
            "level": 0,
            "timestamp": ts,
            "language_detected": bool(i % 2),
            "draft_parts": [{"part": g(8), "method": "quote", "language": "en", "matched": g(9)}],
        }
        rows.append(
            {
                **common,
                "id": f"w{i}",
                "source": "wiki",
                "page": g(0),
                "section": g(1),
                "section_anchor": g(1),
                "author": g(2),
                "added_by": g(3),
                "language": g(4) if i % 2 else "ar",
                "text": g(5),
                "permalink": f"http://127.0.0.1/index.php?oldid={i}#{g(6)}",
                "added_diff": f"http://127.0.0.1/index.php?diff={i}&title={g(7)}",
                "signature_check": "mismatch" if i % 2 else "future",
            }
        )
        rows.append(
            {
                **common,
                "id": f"f{i}",
                "source": "forum",
                "page": f"https://forum.example.org/t/{g(0)}/{i}",
                "section": g(1),
                "section_anchor": "",
                "author": g(2),
                "language": g(3),
                "text": g(4),
                "permalink": f"https://forum.example.org/t/{g(5)}/{i}/2",
            }
        )
        rows.append(
            {
                **common,
                "id": f"i{i}",
                "source": g(0),
                "page": "",
                "section": g(1),
                "section_anchor": "",
                "author": g(2),
                "language": "es",
                "text": g(3),
                "permalink": "",
            }
        )
    parts = [Part(s[i], bool(i % 2), s[(i + 1) % len(s)], {"en": s[(i + 2) % len(s)]}) for i in range(len(s))]
    return render_summary(rows, newest=5, parts=parts, draft=s[0], cap=len(s) // 2)


_STATES = [
    (COMPLETE, 100),
    (PARTIAL, 40),
    (MISSING, None),
    (UNKNOWN, None),
    (CURRENT, None),
    (OUTDATED, None),
    (NOT_TRANSLATABLE, None),
]


def table_text(s: list[str]) -> str:
    """Tables of four pages and four languages (plus es); each string in each role once."""
    tables = []
    for r in range(0, len(s), 4):
        g = rotate(s, r)
        pages = list(dict.fromkeys(g(k) for k in range(4)))
        languages = list(dict.fromkeys(["es"] + [g(k) for k in range(4, 8)]))
        cells = []
        for n, (page, code) in enumerate((p, c) for p in pages for c in languages):
            state, percent = _STATES[(r + n) % len(_STATES)]
            cells.append(
                Cell(
                    page,
                    code,
                    state,
                    total=10,
                    translated=4,
                    outdated=n % 3,
                    percent=percent,
                    last_change=datetime(2024, 1, 2, tzinfo=UTC),
                )
            )
        tables.append(
            render_table(
                cells,
                pages=pages,
                languages=languages,
                names={g(4 + k): g(8 + k) for k in range(4)} | {"es": g(12)},
                as_of=datetime(2024, 1, 3, tzinfo=UTC),
                previous={(g(0), "es"): 10},
                without_translate={g(3)},
                page_notes={g(k): g(12 + k) for k in range(4)},
                page_labels={g(k): g(16 + k) for k in range(4)},
            )
        )
    return "\n\n".join(tables)


def _update(g, body_wikitext: str | None = None) -> UpdateSource:
    body = None if body_wikitext else "Plain words.\n\n* one\n* two\n\n## More\n\nEnd.\n"
    return UpdateSource(
        month=Month(2022, 7),
        title=g(0),
        summary=g(1),
        body_markdown=body,
        body_wikitext=body_wikitext,
        path="hostile.md",
    )


def updates_text(s: list[str]) -> tuple[str, str]:
    """(plain wikitext, Translate wikitext): sections and subpages layouts, index, box."""
    forms: dict[bool, list[str]] = {True: [], False: []}
    for upd in (_update(rotate(s, 0)), _update(rotate(s, 0), "Draft words.\n\n* a\n* b\n")):
        for translatable, out in forms.items():  # the month itself: no outside field
            out.append(publish_to_page("", upd, 0, translatable)[0])
            out.append(render_month_page(upd, None, 0, translatable)[0])
    for r in range(len(s)):
        g = rotate(s, r)
        upd = _update(g)
        targets = [month_page_title(upd.month, g(2)), section_target(g(3), upd.month)]
        for translatable, out in forms.items():
            out.append(add_to_index("", index_entry(upd, targets[r % 2]), 0, translatable)[0])
            out.append(render_latest_box(upd, targets[1 - r % 2], None, 0, translatable)[0])
    return "\n\n".join(forms[False]), "\n\n".join(forms[True])


def digest_text(s: list[str]) -> str:
    posts = []
    for r in range(len(s)):
        g = rotate(s, r)
        items = "".join(f"* {' '.join(g(k).split())}\n" for k in (2, 3, 4))
        upd = _update(g, f"Intro.\n\n{items}")
        posts.append(
            render_digest(
                upd,
                f"https://wiki.example.org/wiki/{g(5)}",
                [
                    ("es", f"https://wiki.example.org/wiki/{g(6)}/es"),
                    (g(7) if len(g(7)) < 4 else "fr", "https://wiki.example.org/x"),
                ],
            )
        )
    return "\n\n".join(posts)


# ------------------------------------------------------------------ asking the wiki


def _api(devwiki, **params) -> dict:
    r = requests.post(
        devwiki.api_url,
        timeout=120,
        data={
            "action": "parse",
            "title": "Outside text test",
            "contentmodel": "wikitext",
            "format": "json",
            "formatversion": 2,
            **params,
        },
    )
    r.raise_for_status()
    data = r.json()
    assert "error" not in data, data
    return data["parse"]


_TRANSLATE_MARKUP_RE = re.compile(
    r"</?translate>|<!--T:\d+--> ?|<tvar name=\"[^\"]*\">|</tvar>"
    r"|<languages/>"
)


def as_translate_renders(text: str) -> str:
    """Translate's rendering of a page in short: tags and unit markers out, tvars unwrapped
    (a regular expression, as the bot wrote the markup; the package's own stripper re-parses
    the page per tag, too slow for this corpus)."""
    return _TRANSLATE_MARKUP_RE.sub("", text)


def _title_key(title: str) -> str:
    """A title as MediaWiki compares it (entities, bidi marks, space runs, case)."""
    title = html.unescape(title)
    title = re.sub(r"[\u200e\u200f\u202a-\u202e]", "", title)
    title = re.sub(r"[\s_\u180e\u200b]+", " ", unicodedata.normalize("NFC", title))
    return title.strip(" :").casefold()


def _parsed(devwiki, text: str) -> dict:
    p = _api(devwiki, text=text, prop=PROPS, disablelimitreport=1)
    return {
        "links": {x["title"] for x in p["links"]},
        "templates": {x["title"] for x in p["templates"]},
        "categories": {x["category"] for x in p["categories"]},
        "properties": set(p["properties"]),
        "iwlinks": {x["title"] for x in p["iwlinks"]},
        "langlinks": {x["title"] for x in p["langlinks"]},
        "externallinks": list(p["externallinks"]),
        "sections": len(p["sections"]),
    }


def assert_inert(devwiki, render, strings: list[str], *, translate: bool = False) -> None:
    """Render ``strings`` in chunks (and placeholders in their place), then ask the wiki."""
    hostile, benign, by_placeholder = [], [], {}
    for first in range(0, len(strings), CHUNK):
        chunk = strings[first : first + CHUNK]
        marks = placeholders(first, len(chunk))
        by_placeholder.update(zip(marks, chunk, strict=True))
        hostile.append(render(chunk))
        benign.append(render(marks))
    # Ends in "-->": the pre-save transform trims trailing white space, which is not the point.
    joined = "\n".join(f"{text}\n<!-- chunk {n} -->" for n, text in enumerate(hostile))
    pst = _api(devwiki, text=joined, onlypst=1)["text"]
    if pst != joined:
        changed = [
            n
            for n, (a, b) in enumerate(
                zip(joined.split("\n<!-- chunk "), pst.split("\n<!-- chunk "), strict=False)
            )
            if a != b
        ]
        first_bad = joined.split("\n<!-- chunk ")[changed[0]] if changed else joined
        kept = set(pst.split("\n"))
        lines = [ln for ln in first_bad.split("\n") if ln not in kept]
        pytest.fail(f"the pre-save transform changed chunk(s) {changed}; first changed lines: {lines[:3]!r}")
    strip = as_translate_renders if translate else (lambda t: t)
    got = _parsed(devwiki, strip(joined))
    meant = _parsed(devwiki, strip("\n".join(benign)))
    for kind in ("templates", "categories", "properties", "iwlinks", "langlinks"):
        assert got[kind] <= meant[kind], f"outside text added {kind}: {sorted(got[kind] - meant[kind])}"
    allowed = {
        _title_key(PLACEHOLDER_RE.sub(lambda m: by_placeholder[m.group(0)], t)) for t in meant["links"]
    }
    extra = sorted(t for t in got["links"] if _title_key(t) not in allowed)
    assert not extra, f"outside text added links: {extra[:10]}"
    hosts = {urlsplit(u).hostname for u in meant["externallinks"]}
    stray = [u for u in got["externallinks"] if urlsplit(u).hostname not in hosts]
    assert not stray, f"outside text added external links: {stray[:10]}"
    assert len(got["externallinks"]) <= len(meant["externallinks"])
    assert got["sections"] <= meant["sections"], "outside text added headings"


CORPUS = corpus()
batches = st.lists(hostile_texts(), min_size=12, max_size=12)


def test_feedback_summary_corpus(devwiki):
    assert_inert(devwiki, summary_text, CORPUS)


def test_status_table_corpus(devwiki):
    assert_inert(devwiki, table_text, CORPUS)


def plain_updates(strings: list[str]) -> str:
    return updates_text(strings)[0]


def translatable_updates(strings: list[str]) -> str:
    return updates_text(strings)[1]


def test_updates_pages_corpus(devwiki):
    assert_inert(devwiki, plain_updates, CORPUS)
    assert_inert(devwiki, translatable_updates, CORPUS, translate=True)


@GENERATED
@given(strings=batches)
def test_generated_outside_text_is_inert(devwiki, strings):
    assert_inert(devwiki, summary_text, strings)
    assert_inert(devwiki, table_text, strings)
    assert_inert(devwiki, plain_updates, strings)
    assert_inert(devwiki, translatable_updates, strings, translate=True)


# ------------------------------------------------------------------ the forum digest

_MD = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
_TEXTUAL = {"text", "text_special", "softbreak", "hardbreak"}


def markdown_shape(text: str) -> Counter:
    """Token types (inline ones included) and link hosts, text tokens left out."""
    shape: Counter = Counter()
    for token in _MD.parse(text):
        for t in [token] + list(token.children or []):
            if t.type not in _TEXTUAL:
                shape[t.type] += 1
            if t.type == "link_open":
                shape["link to " + str(urlsplit(str(t.attrs.get("href", ""))).hostname)] += 1
    return shape


def assert_digest_inert(strings: list[str]) -> None:
    for first in range(0, len(strings), CHUNK):
        chunk = strings[first : first + CHUNK]
        got = markdown_shape(digest_text(chunk))
        meant = markdown_shape(digest_text(placeholders(first, len(chunk))))
        # Fewer is not this test's business (a bullet whose words all vanish is the
        # every-word check's); more is markup the outside text made.
        assert not got - meant, f"outside text added Markdown: {got - meant}"


def test_digest_corpus():
    assert_digest_inert(CORPUS)


@settings(max_examples=25, deadline=None)
@given(strings=batches)
@example(strings=["&#126;&#126;&#126;&#126;"] * 11 + ["\r\n-"])  # a CR LF in a URL made a setext heading
def test_generated_digest_is_inert(strings):
    assert_digest_inert(strings)
