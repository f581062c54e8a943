"""The translation-status job's own logic with a fake wiki: what it asks, how
often, and what it does with the answers (the pure parts have their own tests)."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest

from ldwg_bot.errors import ConfigError, LdwgError, WikiError
from ldwg_bot.text import markers
from ldwg_bot.translations import job
from ldwg_bot.translations.model import Cell
from ldwg_bot.translations.table import parse_numbers
from tests.shared import translate_fixture
from tests.support.fakewiki import FakeWiki

from .fakes import PAGE

T0 = datetime(2026, 11, 25, 19, tzinfo=UTC)
T1 = datetime(2026, 11, 25, 20, tzinfo=UTC)
ROOT = "Leadership Development Working Group"
AUTONYMS = {"es": "español", "pt": "português", "ar": "العربية", "bn": "বাংলা", "fr": "français"}


def status_wiki(
    *, translate: bool, groups=(), existing=(), times=None, stats="messagegroupstats_final_fv2.json"
) -> FakeWiki:
    """Answers like MediaWiki for a handful of pages: ``groups`` are translatable page titles,
    ``times`` each title's last change (without Translate)."""
    groups, times = list(groups), times or {}
    existing = set(existing) | set(groups) | set(times)

    def answer(params: dict) -> dict:
        if params.get("meta") == "languageinfo":
            codes = params["licode"].split("|")
            return {"query": {"languageinfo": {c: {"autonym": AUTONYMS[c]} for c in codes if c in AUTONYMS}}}
        if params.get("meta") == "messagegroupstats":
            title = params["mgsgroup"][len("page-") :]
            if title not in groups:
                raise WikiError("badparameter", code="badparameter")
            return translate_fixture(stats)
        query: dict = {}
        if params.get("meta") == "messagegroups":
            filters = params["mgfilter"].split("|")
            query["messagegroups"] = [
                {"id": f"page-{t}", "label": t, "sourcelanguage": "en"}
                for t in groups
                if any(
                    f"page-{t}" == f or (f.endswith("*") and f"page-{t}".startswith(f[:-1])) for f in filters
                )
            ]
        if "titles" in params:
            pages = []
            for t in params["titles"].split("|"):
                if t not in existing:
                    pages.append({"ns": 0, "title": t, "missing": True})
                elif "revisions" in params.get("prop", ""):
                    pages.append({"ns": 0, "title": t, "revisions": [{"timestamp": times[t]}]})
                else:
                    pages.append({"ns": 0, "title": t, "pagelanguage": "en"})
            query["pages"] = pages
        if params.get("generator") == "allpages":
            prefix = params["gapprefix"]
            query["pages"] = [
                {"ns": 0, "title": t, "revisions": [{"timestamp": w}]}
                for t, w in sorted(times.items())
                if t.startswith(prefix)
            ]
        return {"batchcomplete": True, "query": query}

    return FakeWiki(answer, extensions=("Translate",) if translate else ())


def reader(wiki) -> job.Reader:
    return job.Reader(wiki, pause=0, sleep=lambda s: None, normalise=lambda t: (t.strip(), 0, t.strip()))


# ------------------------------------------------------------------ with Translate


@pytest.mark.parametrize("p", [1, 3, 10])
def test_translate_budget_is_two_plus_one_per_page(p):
    titles = [f"{PAGE}{i}" for i in range(p)]
    wiki = status_wiki(translate=True, groups=titles)
    status = reader(wiki).read(titles, "", ["es", "pt", "ar", "fr"], all_languages=False)
    assert status.requests == len(wiki.calls) == 2 + p
    assert [c["meta"] for c in wiki.calls[:2]] == ["languageinfo", "messagegroups"]
    cells = {c.key: c for c in status.cells}
    assert (cells[(titles[0], "ar")].percent, cells[(titles[0], "ar")].outdated) == (71, 2)
    assert cells[(titles[-1], "pt")].state == "partial"


def test_missing_and_not_translatable_pages_cost_no_stats_request():
    wiki = status_wiki(translate=True, groups=[PAGE], existing=["Plain page"])
    status = reader(wiki).read([PAGE, "Plain page", "Gone"], "", ["es"], all_languages=False)
    assert len(wiki.calls) == 3  # languageinfo, discovery, one page's stats
    assert status.problems == {"Plain page": job.NOT_TRANSLATABLE_NOTE, "Gone": job.PAGE_MISSING}
    assert status.pages == [PAGE, "Plain page", "Gone"]
    states = {c.key: c.state for c in status.cells}
    assert states[("Gone", "es")] == states[("Plain page", "es")] == "not-translatable"
    assert states[(PAGE, "es")] == "complete"


def test_pages_beyond_the_filter_are_decided_by_messagegroupstats():
    titles = [f"P{i}" for i in range(job.MAX_FILTERS + 2)]
    wiki = status_wiki(translate=True, groups=titles[:-1], existing=titles)
    status = reader(wiki).read(titles, "", ["es"], all_languages=False)
    assert status.problems == {titles[-1]: job.NOT_TRANSLATABLE_NOTE}  # badparameter
    # languageinfo + one request (groups + the first 50 titles) + one stats each: 2 + P
    assert len(wiki.calls) == 2 + len(titles)


def test_prefix_and_every_language_with_translate():
    wiki = status_wiki(translate=True, groups=[f"{PAGE}/A", f"{PAGE}/B", "Elsewhere"])
    status = reader(wiki).read([], f"{PAGE}/", [], all_languages=True, exclude=[f"{PAGE}/Status"])
    assert status.pages == [f"{PAGE}/A", f"{PAGE}/B"]
    assert status.languages == ["ar", "es", "pt"]  # any translation; not en, not qqq
    assert len(wiki.calls) == 1 + 2 + 1  # discovery, stats x2, languageinfo


def test_unknown_language_code_fails_before_any_other_request():
    wiki = status_wiki(translate=True, groups=[PAGE])
    with pytest.raises(ConfigError, match=r"group\[0\]\.languages: unknown language code xx"):
        reader(wiki).read([PAGE], "", ["es", "xx"], all_languages=False, where="group[0].languages")
    assert len(wiki.calls) == 1
    with pytest.raises(ConfigError, match="--language: expected a language code"):
        reader(wiki).read([PAGE], "", ["ES"], all_languages=False, where="--language")


def test_partial_cache_reports_unknown_and_incomplete():
    from tests.unit.translations.fakes import FakeRequest

    wiki = status_wiki(translate=True, groups=[PAGE])
    fake = FakeRequest(
        "messagegroupstats_partial_cache_fv2.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
        repeat_last=True,
    )
    original = wiki.request
    wiki.request = lambda **p: fake(p) if p.get("meta") == "messagegroupstats" else original(**p)
    r = reader(wiki)
    r.retries = 2
    status = r.read([PAGE], "", ["es", "pt"], all_languages=False)
    assert status.incomplete == [PAGE]
    cells = {c.language: c for c in status.cells}
    assert cells["pt"].state == "unknown" and cells["pt"].percent is None
    assert cells["es"].percent == 100


# ------------------------------------------------------------------ without Translate


@pytest.mark.parametrize("p", [1, 3, 9, 10, 40])
def test_subpage_budget(p):
    titles = [f"Page {i}" for i in range(p)]
    times = {t: "2026-11-25T19:00:00Z" for t in titles}
    times.update({f"{t}/es": "2026-11-25T20:00:00Z" for t in titles})
    times.update({f"{t}/ar": "2026-11-25T18:00:00Z" for t in titles})
    wiki = status_wiki(translate=False, times=times)
    langs = ["es", "pt", "ar", "bn", "fr"]
    status = reader(wiki).read(titles, "", langs, all_languages=False)
    assert len(wiki.calls) <= 2 + math.ceil(p * len(langs) / 50)
    states = {c.key: c.state for c in status.cells}
    assert states[("Page 0", "es")] == "current" and states[("Page 0", "ar")] == "outdated"
    assert states[("Page 0", "fr")] == "missing"


def test_subpages_with_prefix_skip_translations_and_the_table():
    times = {
        "R/A": "2026-11-25T19:00:00Z",
        "R/A/es": "2026-11-25T20:00:00Z",
        "R/A/es/Old": "2026-11-25T20:00:00Z",
        "R/B": "2026-11-25T19:00:00Z",
        "R/Status": "2026-11-25T19:00:00Z",
        "R/B/xx": "2026-11-25T20:00:00Z",
    }
    wiki = status_wiki(translate=False, times=times)
    status = reader(wiki).read([], "R/", [], all_languages=True, exclude=["R/Status"])
    assert status.pages == ["R/A", "R/B"]
    assert status.languages == ["es"] and status.dropped_languages == ["xx"]
    assert len(wiki.calls) == 2  # one prefix query, one languageinfo


# ------------------------------------------------------------------ the table transform


def cells(percent: int) -> list[Cell]:
    return [
        Cell(
            PAGE,
            "pt",
            "partial",
            total=7,
            translated=3 if percent == 43 else 4,
            outdated=0,
            proofread=0,
            percent=percent,
        )
    ]


def status_of(percent: int, incomplete=()) -> job.Status:
    return job.Status(
        pages=[PAGE],
        languages=["pt"],
        cells=cells(percent),
        names={"pt": "português"},
        uses_translate=True,
        incomplete=list(incomplete),
    )


def test_time_alone_is_no_edit_and_deltas_come_from_the_table():
    human = "Human intro.\n\n"
    first = job.table_transform(status_of(43), T0, None, ROOT)(human)
    assert first.startswith(human) and "Data as of 2026-11-25 19:00 UTC" in first
    assert ">Updates<" not in first and "|Updates]]" in first  # short column heading
    assert job.table_transform(status_of(43), T1, None, ROOT)(first) == first  # only the time differs
    second = job.table_transform(status_of(57), T1, None, ROOT)(first)
    assert "(+14%)" in second and "19:00" not in second
    assert parse_numbers(markers.get_section(second, job.SECTION))["cells"][0][3] == 57
    # history wins over the table; an incomplete run leaves an existing table alone
    assert "(+57%)" in job.table_transform(status_of(57), T1, {(PAGE, "pt"): 0}, ROOT)(first)
    assert job.table_transform(status_of(57, [PAGE]), T1, None, ROOT)(first) == first
    assert job.SECTION in job.table_transform(status_of(57, [PAGE]), T1, None)(None)


def test_short_labels():
    root = "Leadership Development Working Group"
    assert job.short_labels([root, f"{root}/Content", "Other"], root) == {f"{root}/Content": "Content"}
    assert job.short_labels([f"{root}/Content"], "") == {}


# ------------------------------------------------------------------ export


def test_export_formats(tmp_path, capsys):
    rows = cells(43)
    assert job.export(str(tmp_path / "a.json"), None, rows, "http://w/wiki/$1") == 1
    data = json.loads((tmp_path / "a.json").read_text())
    assert data[0]["url"] == "http://w/wiki/Leadership_Development_Working_Group/Updates/pt"
    job.export(str(tmp_path / "a.CSV"), None, rows, "http://w/wiki/$1")
    assert (tmp_path / "a.CSV").read_text().splitlines()[0].startswith("page,language,total")
    job.export(str(tmp_path / "data.txt"), "csv", rows, "http://w/wiki/$1")
    job.export("-", None, rows, "http://w/wiki/$1")
    assert json.loads(capsys.readouterr().out)[0]["percent"] == 43
    with pytest.raises(LdwgError, match=r"--export data\.txt: expected a \.json or \.csv"):
        job.export("data.txt", None, rows, "http://w/wiki/$1")
    job.export(str(tmp_path / "new" / "dir.json"), None, rows, "http://w/wiki/$1")  # folders made
    assert json.loads((tmp_path / "new" / "dir.json").read_text())[0]["percent"] == 43
    with pytest.raises(LdwgError, match="cannot write"):  # a file where the folder should be
        job.export(str(tmp_path / "a.json" / "dir.json"), None, rows, "http://w/wiki/$1")


def test_export_under_simulate_writes_no_file_but_still_prints(tmp_path, capsys):
    rows, notes = cells(43), []
    target = tmp_path / "new" / "s.csv"
    assert job.export(str(target), None, rows, "http://w/wiki/$1", simulate=True, notes=notes) == 1
    assert list(tmp_path.iterdir()) == []  # no file, no folder
    job.export(str(tmp_path / "s.csv"), None, rows, "http://w/wiki/$1", notes=notes)
    size = (tmp_path / "s.csv").stat().st_size
    assert notes == [
        f"-simulate: export of 1 row(s) not written to {target} (would be {size} bytes)",
        f"exported 1 row(s) to {tmp_path / 's.csv'}",
    ]
    job.export("-", None, rows, "http://w/wiki/$1", simulate=True, notes=notes)
    assert json.loads(capsys.readouterr().out)[0]["percent"] == 43 and notes[-1].endswith("standard output")


def test_help_text_is_the_module_docstring():
    assert "--export FILE" in job.__doc__ and "all_languages" in job.__doc__
    assert "2 + P" in job.__doc__
