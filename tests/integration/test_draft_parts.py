"""Language of each comment and links to parts of the draft, on a real devwiki (issue 15).

The draft (``content.wiki``, 16 parts, 9 paragraphs and list items of prose
beside the headings) and its hand-kept translations ``/es`` and ``/ar`` are
seeded under a title of the test's own; the comments of ``draft_talk.yaml``
(en, es, ar, pt; quotes of the English, Spanish and Arabic text, exact and with
small changes, quotes too short to count, no quote, replies under headings
named after draft sections in Spanish and Arabic) are posted through the API
with ``~~~~``. Every comment's language and links must come out as the file
says; a re-run with nothing changed reads no translation and makes no edit.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
import yaml

from ldwg_bot.devwiki.seed import CONTENT_DIR, Seeder
from tests.discourse_replay import replay  # noqa: F401 - fixture

from .test_feedback_job import Http, collect, rendered

pytestmark = pytest.mark.integration


def scenario() -> list[dict]:
    return yaml.safe_load((CONTENT_DIR / "draft_talk.yaml").read_text(encoding="utf-8"))


def seed(wiki, root: str) -> tuple[str, list[dict]]:
    """The draft, its translations and the comments; returns the draft and the expected rows."""
    draft = f"{root}/Content"
    seeder = Seeder(wiki)
    seeder.as_user("Arif Hossain").edit(
        draft, summary="Draft", text=(CONTENT_DIR / "content.wiki").read_text()
    )
    for lang, user in (("es", "Tomás R"), ("ar", "Farida")):
        seeder.as_user(user).edit(
            f"{draft}/{lang}", summary="Translation", text=(CONTENT_DIR / f"content.{lang}.wiki").read_text()
        )
    expected = []
    for page in scenario():
        title = f"Talk:{draft}{page['page']}"
        for number, thread in enumerate(page["threads"], start=1):
            for i, comment in enumerate(thread["comments"]):
                seeder.post_comment(title, number, thread["heading"] if i == 0 else None, comment)
                expected.append({"page": title, "text": comment["text"], **comment["expect"]})
    return draft, expected


def write_config(tmp_path: Path, wiki, draft: str, summary: str) -> Path:
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        f'store = "{tmp_path / "store.sqlite"}"\n'
        f'[site]\nfamily = "{wiki.family}"\ncode = "{wiki.family}"\napi = "{wiki.api_url}"\n'
        f'user = "LdwgBot"\nput_throttle = 0\nsummary_suffix = "(ldwg-bot test)"\n'
        f'[[group]]\nname = "ldwg"\nlanguages = ["es", "ar", "pt"]\n[group.feedback]\n'
        f"talk_pages = {json.dumps([f'Talk:{draft}'])}\n"
        f"prefixes = {json.dumps([f'Talk:{draft}/'])}\n"
        f"summary_page = {json.dumps(summary)}\ndraft_page = {json.dumps(draft)}\n",
        encoding="utf-8",
    )
    return cfg


def link_scores(rows: list[dict], expected: list[dict]) -> tuple[float, float]:
    """Precision and recall of (comment, part, method) links."""
    got = {(i, d["part"], d["method"]) for i, r in enumerate(rows) for d in r["draft_parts"]}
    want = {(i, part, how) for i, e in enumerate(expected) for part, how in e["parts"].items()}
    right = len(got & want)
    return (right / len(got) if got else 1.0), (right / len(want) if want else 1.0)


def test_languages_and_draft_parts_end_to_end(devwiki, tmp_path, monkeypatch):
    uid = uuid.uuid4().hex[:8]
    root = f"Draft parts {uid}"
    draft, expected = seed(devwiki, root)
    summary = f"{root}/Feedback summary"
    cfg = write_config(tmp_path, devwiki, draft, summary)
    http = Http(monkeypatch)

    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    order = {(e["page"], e["text"]): i for i, e in enumerate(expected)}
    rows = sorted(rows, key=lambda r: order[(r["page"], r["text"])])
    assert len(rows) == len(expected)
    for row, want in zip(rows, expected, strict=True):
        assert row["language"] == want["language"], row
        assert {d["part"]: d["method"] for d in row["draft_parts"]} == want["parts"], row
        assert (
            row["page_language"]
            == {"": "en", "es": "es", "ar": "ar"}[
                row["page"].rsplit("/", 1)[-1] if row["page"].endswith(("/es", "/ar")) else ""
            ]
        )
    assert link_scores(rows, expected) == (1.0, 1.0)
    # a Spanish reply on the English page: detected, with the page language beside it
    tomas = rows[1]
    assert (tomas["language"], tomas["language_detected"], tomas["page_language"]) == ("es", "es", "en")
    assert tomas["language_confidence"] >= 0.5
    quoted = next(d for d in rows[3]["draft_parts"])
    assert quoted["language"] == "ar" and quoted["matched"].startswith("يحدث جزء كبير")
    # the draft and both translations: one request (generator=allpages), none for Translations:
    assert rep["counts"]["draft reads"] == 1
    assert [c for c in http.calls if c.get("generator") == "allpages"] != []

    page_html = rendered(devwiki, summary)
    assert "Feedback per part of the draft" in page_html and 'id="ldwg-part-4"' in page_html
    text = devwiki.client().page_text(summary)
    row4 = next(ln for ln in text.splitlines() if ln.startswith("| 4 ||"))
    assert f"[[{draft}#Draft definition|Leadership is shared&#58; it shows when someone welcomes" in row4
    assert "|| 2 || 2 || en ||" in row4  # two comments, two people, both in English
    general = next(ln for ln in text.splitlines() if "general (no part)" in ln)
    assert "|| 4 ||" in general

    http.reset()
    code, rows2, rep = collect(cfg, tmp_path)
    assert code == 0 and rep["counts"]["draft reads"] == 0 and not http.edits()
    assert not [c for c in http.calls if "content" in c.get("rvprop", "") or c.get("generator")]
    rows2 = sorted(rows2, key=lambda r: order[(r["page"], r["text"])])
    assert [r["draft_parts"] for r in rows2] == [r["draft_parts"] for r in rows]

    # a changed translation is read again (one request) and the links follow it
    es = devwiki.client("Tomás R")
    es.edit(
        f"{draft}/es",
        text=(CONTENT_DIR / "content.es.wiki")
        .read_text()
        .replace("habla por una comunidad que todavía no se escucha", "da voz a una comunidad silenciada"),
    )
    http.reset()
    code, rows3, rep = collect(cfg, tmp_path)
    assert code == 0 and rep["counts"]["draft reads"] == 1
    kofi = next(r for r in rows3 if r["text"].startswith("The Spanish version says"))
    assert kofi["draft_parts"] == []
    assert len(http.edits()) == 1


def test_forum_posts_get_the_same_detection(devwiki, tmp_path, replay):
    """The replayed forum thread (language "en") has three Spanish posts; with es plausible
    they are Spanish, with the forum's language kept as page_language."""
    uid = uuid.uuid4().hex[:8]
    page, summary = f"Talk:Forum languages {uid}", f"Forum languages {uid}/Summary"
    Seeder(devwiki).post_comment(
        page,
        1,
        "Talk",
        {"user": "Farida", "text": "Un comentario en español, escrito en la página de discusión inglesa."},
    )
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        f'store = "{tmp_path / "store.sqlite"}"\n'
        f'[site]\nfamily = "{devwiki.family}"\ncode = "{devwiki.family}"\napi = "{devwiki.api_url}"\n'
        f'user = "LdwgBot"\nput_throttle = 0\n[[group]]\nname = "ldwg"\nlanguages = ["es"]\n'
        f"[group.feedback]\ntalk_pages = [{json.dumps(page)}]\nsummary_page = {json.dumps(summary)}\n"
        f'[group.forum]\nurl = "{replay.url}"\ntopics = [1404]\nlanguage = "en"\n',
        encoding="utf-8",
    )
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    forum = {r["id"]: r for r in rows if r["source"] == "forum"}
    spanish = {i for i, r in forum.items() if r["language"] == "es"}
    assert spanish == {"6560", "6566", "8733"}
    assert all(forum[i]["language_detected"] == "es" and forum[i]["page_language"] == "en" for i in spanish)
    assert {r["language"] for i, r in forum.items() if i not in spanish} == {"en"}
    wiki_row = next(r for r in rows if r["source"] == "wiki")
    assert (wiki_row["language"], wiki_row["page_language"]) == ("es", "en")
    assert "{{#language:es}} (es) || 4 || 4 ||" in devwiki.client().page_text(summary)
