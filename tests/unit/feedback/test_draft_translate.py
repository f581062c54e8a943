"""Draft parts with Translate: units and ``Translations:`` pages, replayed from recorded answers.

No Translate runs here, so the wiki layer is a fake that answers from
``../shared/fixtures/translate/``: the source text is the one the recording
saved (``edit_source_page_change_units``, revision 20), the translations are
the recorded ``messagecollection`` answers for ar and pt (what
``Translations:<page>/<n>/<lang>`` holds). The read costs 1 + ceil(U*L/50)
requests and nothing when nothing changed.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

from ldwg_bot.feedback import store
from ldwg_bot.feedback.collect import Collector
from ldwg_bot.feedback.draft import DraftReader
from ldwg_bot.feedback.links import PartIndex
from ldwg_bot.runtime.store import open_store
from tests.shared import shared_path, translate_fixture
from tests.support.fakewiki import FakeWiki

PAGE = "Leadership Development Working Group/Updates"
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def recorded_source() -> str:
    for line in shared_path("fixtures", "translate", "REQUESTS.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("edit_source_page_change_units.json\t"):
            return json.loads(line.split("\t")[2])["text"]
    raise AssertionError("edit_source_page_change_units.json is not in REQUESTS.tsv")


def translate_wiki(source: str, revid: int, translations: dict[str, str], languages: list[str]) -> FakeWiki:
    """The two calls DraftReader makes: the prefix listing (the source and its language
    pages) and the Translations: pages by title."""

    def answer(params: dict) -> dict:
        assert params["generator"] == "allpages" and params["gapprefix"] == PAGE
        pages = [
            {
                "pageid": 2,
                "ns": 0,
                "title": PAGE,
                "pagelanguage": "en",
                "lastrevid": revid,
                "revisions": [{"revid": revid, "slots": {"main": {"content": source}}}],
            }
        ]
        pages += [
            {
                "pageid": 30 + i,
                "ns": 0,
                "title": f"{PAGE}/{lang}",
                "pagelanguage": lang,
                "lastrevid": 40 + i,
                "revisions": [{"revid": 40 + i, "slots": {"main": {"content": ""}}}],
            }
            for i, lang in enumerate(languages)
        ]
        return {"batchcomplete": True, "query": {"pages": pages}}

    return FakeWiki(answer, pages=translations, namespace=1198)


def recorded_translations() -> dict[str, str]:
    out = {}
    for lang in ("ar", "pt"):
        for m in translate_fixture(f"messagecollection_{lang}_fv2.json")["query"]["messagecollection"]:
            if m.get("translation") is not None:
                out[f"{m['title'].rsplit('/', 1)[0]}/{lang}"] = m["translation"]
    return out


def reader(tmp_path, wiki) -> DraftReader:
    conn = open_store(tmp_path / "s.sqlite")
    store.ensure_schema(conn)
    return DraftReader(Collector(wiki, conn, "w", NOW), conn, "w", PAGE)


def test_units_and_recorded_translations_and_request_budget(tmp_path):
    wiki = translate_wiki(recorded_source(), 20, recorded_translations(), ["ar", "es", "pt"])
    r = reader(tmp_path, wiki)
    parts = r.fetch({})
    assert [(p.key, p.heading) for p in parts] == [
        ("1", False),
        ("2", True),
        ("3", False),
        ("4", False),
        ("5", True),
        ("6", False),
    ]
    assert parts[1].texts == {"en": "March 2023", "ar": "مارس 2023", "pt": "Março de 2023"}
    assert set(parts[3].texts) == {"en", "ar"}  # pt left unit 4 untranslated
    units, langs = len(parts), 3
    assert r.requests == len(wiki.calls) == 1 + math.ceil(units * langs / 50)
    r.save()

    # nothing changed (the prop=info of the run shows the same revisions): no request
    info = {t: {"lastrevid": rev} for t, rev in r.cached()["revids"].items()}
    wiki.calls.clear()
    assert [p.texts for p in r.fetch(info)] == [p.texts for p in parts] and wiki.calls == []
    info[f"{PAGE}/ar"] = {"lastrevid": 99}  # a translation changed: read again
    assert r.fetch(info) and len(wiki.calls) == 2

    index = PartIndex(parts)
    quote = index.link(
        "أعضاء المجتمع مدعوون للتعليق على مسودة الميثاق في صفحة النقاش، وهذا ما فعلناه.", "رأي"
    )
    assert [(ln.part, ln.method, ln.language) for ln in quote] == [("4", "quote", "ar")]
    assert [(ln.part, ln.method) for ln in index.link("متى؟", "الخطوات التالية")] == [("5", "heading")]
    pt = index.link("Sobre 'o grupo de trabalho realizou a sua terceira reunião': quando é a próxima?", "x")
    assert [(ln.part, ln.language) for ln in pt] == [("3", "pt")]


def test_many_units_and_languages_stay_within_the_budget(tmp_path):
    units, langs = 30, ["ar", "bn", "es", "pt"]
    source = (
        "<languages/>\n<translate>\n"
        + "\n\n".join(
            f"<!--T:{n}-->\nParagraph number {n} of a long draft with words." for n in range(1, units + 1)
        )
        + "\n</translate>\n"
    )
    translations = {
        f"Translations:{PAGE}/{n}/{lang}": f"{lang} {n}" for n in range(1, units + 1) for lang in langs
    }
    wiki = translate_wiki(source, 7, translations, langs)
    r = reader(tmp_path, wiki)
    parts = r.fetch({})
    assert len(parts) == units and all(len(p.texts) == 5 for p in parts)
    assert r.requests == 1 + math.ceil(units * len(langs) / 50) == 4
