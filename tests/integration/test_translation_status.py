"""translation-status end to end against the real local MediaWiki, with and without Translate.

The CLI runs in-process (``ldwg_bot.cli.main``) with a config in tmp_path
aimed at the test's devwiki, so ``Wiki.request`` can be counted (the read
budget) or, for the recorded cache states, served. Each scenario has a
devwiki of its own: the tests add subpages and translations.
"""

from __future__ import annotations

import csv
import html
import json
import math
import re
import sqlite3
import textwrap
import time
from pathlib import Path

import pytest

from ldwg_bot.text import markers
from ldwg_bot.translations.job import SECTION
from ldwg_bot.translations.model import band_background, progress_band, translate_percent
from ldwg_bot.translations.table import parse_numbers
from ldwg_bot.wiki import Wiki
from tests.helpers import main_in_process, site_toml
from tests.integration.tr_setup import CHARTER, ROOT, UPDATES, set_up_translations, translate_units
from tests.shared import translate_fixture

pytestmark = pytest.mark.integration

LANGS = ["es", "pt", "ar", "bn", "fr"]
TABLE = f"{ROOT}/Translation status"
CONTENT = f"{ROOT}/Content"
MISSING_PAGE = f"{ROOT}/Minutes"
HUMAN = "This table is kept by ldwg-bot. Ask on the talk page if a language is missing.\n\n"


# ------------------------------------------------------------------ helpers


def write_config(
    tmp_path: Path,
    wiki,
    *,
    pages,
    table: str = TABLE,
    languages=LANGS,
    all_languages: bool = False,
    prefix: str = "",
    name: str = "ldwg-bot.toml",
) -> Path:
    cfg = tmp_path / name
    cfg.write_text(
        site_toml(tmp_path / "store.sqlite", wiki)
        + textwrap.dedent(f"""\
        [[group]]
        name = "ldwg"
        root = "{ROOT}"
        languages = {json.dumps(list(languages))}
        [group.translations]
        pages = {json.dumps(list(pages), ensure_ascii=False)}
        prefix = "{prefix}"
        table_page = "{table}"
        all_languages = {str(all_languages).lower()}
        """)
    )
    return cfg


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``ldwg-bot translation-status ARGS`` in-process; -simulate is reset afterwards."""
    return main_in_process(capsys, "translation-status", "--cache-pause", "0", *args)


def count_requests(monkeypatch) -> list[dict]:
    """Every ``Wiki.request`` from now on (the save path's read has ``curtimestamp``)."""
    calls: list[dict] = []
    original = Wiki.request

    def counting(self, **params):
        calls.append(dict(params))
        return original(self, **params)

    monkeypatch.setattr(Wiki, "request", counting)
    return calls


def reads(calls: list[dict]) -> list[dict]:
    return [c for c in calls if "curtimestamp" not in c]


def table_data(wiki, title: str = TABLE) -> tuple[str, str, dict]:
    """(page text, section content, (page, language) -> cell numbers as a dict)."""
    text = wiki.client().page_text(title)
    inner = markers.get_section(text, SECTION)
    data = parse_numbers(inner)
    keys = (
        "page",
        "language",
        "state",
        "percent",
        "outdated",
        "translated",
        "total",
        "proofread",
        "last_change",
    )
    return text, inner, {(row[0], row[1]): dict(zip(keys, row, strict=True)) for row in data["cells"]}


def parsed_html(wiki, title: str) -> str:
    return wiki.client().get(action="parse", page=title, prop="text")["parse"]["text"]


def revision_count(wiki, title: str) -> int:
    return len(wiki.client().revisions(title))


def direct_stats(wiki, page: str) -> dict[str, dict]:
    """Translate's own numbers, read without the bot."""
    data = wiki.client().get(action="query", meta="messagegroupstats", mgsgroup=f"page-{page}")
    assert "continue" not in data, "the stats cache should be warm after runJobs"
    return {row["code"]: row for row in data["query"]["messagegroupstats"]}


LANGUAGE_BAR_RE = re.compile(
    r'class="mw-pt-progress mw-pt-progress--(\w+)" '
    r'title="[^"]*\((\d+)% translated\)" lang="([^"]+)"'
)


def language_bar(wiki, page: str) -> dict[str, tuple[int, str]]:
    """code -> (percent, band class) from the language bar of the rendered source page."""
    return {code: (int(pct), band) for band, pct, code in LANGUAGE_BAR_RE.findall(parsed_html(wiki, page))}


# ------------------------------------------------------------------ without Translate


@pytest.fixture(scope="module")
def plain(devwiki_factory):
    return devwiki_factory(name="tr-plain")


def test_subpages_table_end_to_end(plain, tmp_path, capsys, monkeypatch):
    plain.client("Nadia K").edit(TABLE, text=HUMAN)
    cfg = write_config(tmp_path, plain, pages=[ROOT, CONTENT, f"{ROOT}/Updates"])
    calls = count_requests(monkeypatch)
    code, out, err = run(capsys, "--config", str(cfg))
    assert code == 0, err
    # languageinfo + one titles= batch (3 pages x 6 titles); the save path reads the page once more
    assert len(reads(calls)) == 2 <= 2 + math.ceil(3 * 5 / 50)
    assert len(calls) - len(reads(calls)) == 1

    text, inner, cells = table_data(plain)
    assert text.startswith(HUMAN.strip())  # the human paragraph survives
    states = {k: v["state"] for k, v in cells.items()}
    assert {c: states[(ROOT, c)] for c in LANGS} == {
        "es": "current",
        "pt": "current",
        "ar": "current",
        "bn": "current",
        "fr": "missing",
    }
    assert {c: states[(CONTENT, c)] for c in LANGS} == {
        "es": "current",
        "pt": "missing",
        "ar": "current",
        "bn": "missing",
        "fr": "missing",
    }
    assert {states[(f"{ROOT}/Updates", c)] for c in LANGS} == {"missing"}
    assert all(v["percent"] is None for v in cells.values())  # no percent is guessed

    page = parsed_html(plain, TABLE)
    assert '<table class="wikitable sortable">' in page and "Data as of" in page
    for name in ("español", "português", "العربية", "বাংলা", "français"):
        assert name in page
    assert 'href="/index.php/Leadership_Development_Working_Group/es"' in page
    assert 'href="/index.php/Leadership_Development_Working_Group/Content/ar"' in page
    assert "Special:Translate" not in page  # no Translate on this wiki
    assert ">Content</a>" in page and "Total" in page

    # an unchanged re-run makes no edit (only the time would differ), and needs no save path:
    # the table page was read along with the language names
    before = revision_count(plain, TABLE)
    calls.clear()
    code, out, _ = run(capsys, "--config", str(cfg))
    assert code == 0 and "no change" in out
    assert revision_count(plain, TABLE) == before
    assert len(calls) == 2 and calls[0]["titles"] == TABLE and calls[0]["meta"] == "languageinfo"

    # a new subpage made by another account appears after the next run
    plain.client("Nadia K").edit(
        f"{ROOT}/fr", text="Le Groupe de travail sur le développement du leadership."
    )
    code, out, _ = run(capsys, "--config", str(cfg))
    assert code == 0 and "1 page(s) changed" in out
    assert revision_count(plain, TABLE) == before + 1
    text, _, cells = table_data(plain)
    assert cells[(ROOT, "fr")]["state"] == "current" and text.startswith(HUMAN.strip())

    # a source edit makes the older translations outdated
    time.sleep(1.1)  # timestamps have whole seconds
    plain.client("Mira Santos").edit(ROOT, appendtext="\n\nThe group meets every month.")
    code, out, _ = run(capsys, "--config", str(cfg))
    assert code == 0
    _, _, cells = table_data(plain)
    assert {c: cells[(ROOT, c)]["state"] for c in LANGS} == dict.fromkeys(LANGS, "outdated")
    assert cells[(CONTENT, "es")]["state"] == "current"
    assert "outdated" in parsed_html(plain, TABLE)

    # -simulate shows the diff and writes nothing: no edit, no history
    plain.client("Mira Santos").edit(f"{CONTENT}/pt", text="Rascunho da definição de liderança.")
    store = sqlite3.connect(tmp_path / "store.sqlite")
    runs = store.execute("SELECT count(*) FROM translation_runs").fetchone()[0]
    before = revision_count(plain, TABLE)
    code, out, _ = run(capsys, "--config", str(cfg), "-simulate")
    assert code == 0 and "would edit" in out and "would change" in out
    assert revision_count(plain, TABLE) == before
    assert store.execute("SELECT count(*) FROM translation_runs").fetchone()[0] == runs
    code, out, _ = run(capsys, "--config", str(cfg))  # the real run does it
    assert revision_count(plain, TABLE) == before + 1
    assert table_data(plain)[2][(CONTENT, "pt")]["state"] == "current"


@pytest.mark.parametrize("pages", [1, 3, 12])
def test_read_budget_without_translate(plain, tmp_path, capsys, monkeypatch, pages):
    titles = [f"Budget {pages}/Page {i}" for i in range(pages)]
    admin = plain.client("Admin")
    for title in titles:
        admin.edit(title, text="Source text.")
        admin.edit(f"{title}/es", text="Texto.")
    cfg = write_config(tmp_path, plain, pages=titles, table=f"Budget {pages}/Status")
    calls = count_requests(monkeypatch)
    code, out, err = run(capsys, "--config", str(cfg), "--export", str(tmp_path / "x.json"))
    assert code == 0, err
    assert len(calls) <= 2 + math.ceil(pages * len(LANGS) / 50)
    rows = json.loads((tmp_path / "x.json").read_text())
    assert len(rows) == pages * len(LANGS)
    assert {r["state"] for r in rows if r["language"] == "es"} == {"current"}
    # every language with a subpage: one prefix query (one root) + languageinfo
    calls.clear()
    code, out, err = run(
        capsys, "--config", str(cfg), "--export", str(tmp_path / "y.json"), "--all-languages"
    )
    assert code == 0, err
    assert len(calls) == 2
    assert {r["language"] for r in json.loads((tmp_path / "y.json").read_text())} == {"es"}


def test_prefix_without_translate_and_bad_input(plain, tmp_path, capsys):
    admin = plain.client("Admin")
    for title in ("Prefix test/Alpha", "Prefix test/Beta", "Prefix test/Alpha/es", "Prefix test/Beta/pt-br"):
        admin.edit(title, text="text")
    cfg = write_config(
        tmp_path,
        plain,
        pages=["Prefix test/Gone"],
        prefix="Prefix test/",
        table="Prefix test/Status",
        languages=["es"],
        all_languages=True,
    )
    code, out, err = run(capsys, "--config", str(cfg))
    assert code == 0, err
    _, inner, cells = table_data(plain, "Prefix test/Status")
    assert sorted({p for p, _ in cells}) == ["Prefix test/Alpha", "Prefix test/Beta", "Prefix test/Gone"]
    assert cells[("Prefix test/Alpha", "es")]["state"] == "current"
    assert cells[("Prefix test/Beta", "pt-br")]["state"] == "current"
    assert cells[("Prefix test/Gone", "es")]["state"] == "not-translatable"
    assert "(page missing)" in inner
    assert "Prefix test/Gone: page missing" in out
    # an unknown language code is one line and exit 1, before anything is written
    bad = write_config(
        tmp_path,
        plain,
        pages=["Prefix test/Alpha"],
        table="Prefix test/Bad",
        languages=["es", "xx"],
        name="bad.toml",
    )
    code, out, err = run(capsys, "--config", str(bad))
    assert code == 1 and "unknown language code xx" in err and "languages" in err
    assert plain.client().page_text("Prefix test/Bad") is None
    code, out, err = run(capsys, "--config", str(cfg), "--export", "-", "--language", "e s")
    assert code == 1 and "--language" in err


# ------------------------------------------------------------------ with Translate


@pytest.fixture(scope="module")
def trwiki(devwiki_factory):
    wiki = devwiki_factory(translate=True, name="tr-translate")
    set_up_translations(wiki)
    return wiki


def tr_config(tmp_path, wiki, **kw) -> Path:
    return write_config(tmp_path, wiki, pages=[UPDATES, CHARTER, CONTENT, MISSING_PAGE], **kw)


def test_translate_numbers_equal_translates_own(trwiki, tmp_path, capsys, monkeypatch):
    trwiki.client("Nadia K").edit(TABLE, text=HUMAN)
    cfg = tr_config(tmp_path, trwiki)
    calls = count_requests(monkeypatch)
    code, out, err = run(capsys, "--config", str(cfg))
    assert code == 0, err
    # discovery + languageinfo + one messagegroupstats per translatable page (P = 4, 2 translatable)
    assert len(reads(calls)) == 4 <= 2 + 4
    assert [c.get("mgsgroup") for c in reads(calls) if c.get("meta") == "messagegroupstats"] == [
        f"page-{UPDATES}",
        f"page-{CHARTER}",
    ]

    text, inner, cells = table_data(trwiki)
    assert text.startswith(HUMAN.strip())
    for page in (UPDATES, CHARTER):
        stats = direct_stats(trwiki, page)
        for code in LANGS:
            row, cell = stats[code], cells[(page, code)]
            assert (cell["translated"], cell["outdated"], cell["total"]) == (
                row["translated"],
                row["fuzzy"],
                row["total"],
            )
            assert cell["percent"] == translate_percent(row["translated"], row["total"])
        bar = language_bar(trwiki, page)
        assert bar  # the bar is there
        for code, (percent, band) in bar.items():
            if code in LANGS:
                assert cells[(page, code)]["percent"] == percent
                assert progress_band(percent) == band
    expected = {
        "es": (100, 0, "complete"),
        "pt": (43, 0, "partial"),
        "ar": (71, 2, "outdated"),
        "fr": (0, 0, "missing"),
        "bn": (0, 0, "missing"),
    }
    assert {
        c: (cells[(UPDATES, c)]["percent"], cells[(UPDATES, c)]["outdated"], cells[(UPDATES, c)]["state"])
        for c in LANGS
    } == expected
    assert cells[(CONTENT, "es")]["state"] == "not-translatable"
    assert cells[(MISSING_PAGE, "es")]["state"] == "not-translatable"
    assert "(not translatable)" in inner and "(page missing)" in inner
    assert f"{CONTENT}: not translatable" in out and f"{MISSING_PAGE}: page missing" in out

    page = parsed_html(trwiki, TABLE)
    assert '<table class="wikitable sortable">' in page
    assert (
        "Special:Translate" in page
        and "group=page-Leadership+Development+Working+Group%2FUpdates" in html.unescape(page)
    )
    assert f"background:{band_background(71)}" in page and "2 outdated" in page

    # the export equals the table
    for name in ("status.json", "status.csv"):
        before = revision_count(trwiki, TABLE)
        code, out, err = run(capsys, "--config", str(cfg), "--export", str(tmp_path / name))
        assert code == 0, err
        assert revision_count(trwiki, TABLE) == before  # an export edits nothing
        path = tmp_path / name
        rows = (
            json.loads(path.read_text())
            if name.endswith(".json")
            else list(csv.DictReader(path.open(newline="")))
        )
        got = {(r["page"], r["language"]): r for r in rows}
        for (pg, code), cell in cells.items():
            row = got[(pg, code)]
            assert row["state"] == cell["state"]
            assert str(row["percent"] if row["percent"] is not None else "") == str(
                cell["percent"] if cell["percent"] is not None else ""
            )
        assert got[(UPDATES, "ar")]["url"].endswith(
            "/index.php/Leadership_Development_Working_Group/Updates/ar"
        )

    # an unchanged re-run makes no edit and costs 2 + P reads, nothing else
    before = revision_count(trwiki, TABLE)
    calls.clear()
    code, out, _ = run(capsys, "--config", str(cfg))
    assert code == 0 and "no change" in out and revision_count(trwiki, TABLE) == before
    assert len(calls) == 4

    # pt translates one more unit: 3/7 -> 4/7, the table says +14% since its last edit
    translate_units(trwiki, UPDATES, "pt", {"5": "Próximos passos"})
    trwiki.run_jobs()
    code, out, _ = run(capsys, "--config", str(cfg))
    assert code == 0 and revision_count(trwiki, TABLE) == before + 1
    text, inner, cells = table_data(trwiki)
    assert cells[(UPDATES, "pt")]["percent"] == 57 == language_bar(trwiki, UPDATES)["pt"][0]
    assert "(+14%)" in inner and inner.count("ldwg-delta") == 1
    assert text.startswith(HUMAN.strip())


def test_recorded_cache_states_through_the_job(trwiki, tmp_path, capsys, monkeypatch):
    """Translate's partial cache and empty continuations (recorded), served to the job's requests."""
    answers: list = []
    original = Wiki.request
    served: list[dict] = []

    def serving(self, **params):
        if params.get("meta") == "messagegroupstats" and params.get("mgsgroup") == f"page-{UPDATES}":
            served.append(params)
            return translate_fixture(answers.pop(0) if len(answers) > 1 else answers[0])
        return original(self, **params)

    monkeypatch.setattr(Wiki, "request", serving)
    cfg = write_config(
        tmp_path,
        trwiki,
        pages=[UPDATES],
        table=f"{ROOT}/Cache test status",
        languages=["es", "pt", "ar", "fr"],
    )

    # partial cache, one empty continuation, then the rest after the rebuild job
    answers[:] = [
        "messagegroupstats_partial_cache_fv2.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
        "messagegroupstats_partial_cache_continue_after_jobs_fv2.json",
    ]
    code, out, err = run(capsys, "--config", str(cfg), "--export", str(tmp_path / "a.json"))
    assert code == 0, err
    assert len(served) == 3 and served[1]["mgsoffset"] == "na" and served[1]["continue"] == "-||"
    got = {
        r["language"]: (r["percent"], r["outdated"], r["state"])
        for r in json.loads((tmp_path / "a.json").read_text())
    }
    assert got == {
        "es": (100, 0, "complete"),
        "pt": (43, 0, "partial"),
        "ar": (71, 2, "outdated"),
        "fr": (0, 0, "missing"),
    }

    # the table is written once with real numbers ...
    served.clear()
    answers[:] = ["messagegroupstats_final_fv2.json"]
    code, out, err = run(capsys, "--config", str(cfg))
    assert code == 0 and len(served) == 1
    before = revision_count(trwiki, f"{ROOT}/Cache test status")

    # ... then the cache is rebuilt and stays empty: pt (>= "na") is unknown, never 0 %,
    # after the bounded retries; the table is left as it is
    served.clear()
    answers[:] = [
        "messagegroupstats_partial_cache_fv2.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
    ]
    code, out, err = run(capsys, "--config", str(cfg), "--cache-retries", "2")
    assert code == 0, err
    assert len(served) == 1 + 2  # first answer, then follow-ups until 2 stalls in a row
    assert "still computing" in out and "left as it is" in out
    assert revision_count(trwiki, f"{ROOT}/Cache test status") == before
    answers[:] = [
        "messagegroupstats_partial_cache_fv2.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
    ]
    code, out, err = run(capsys, "--config", str(cfg), "--cache-retries", "2", "--export", "-")
    assert code == 0, err
    rows = {r["language"]: r for r in json.loads(out)}
    assert rows["pt"]["state"] == "unknown" and rows["pt"]["percent"] is None
    assert rows["es"]["percent"] == 100


def test_read_only_export_of_any_wiki(trwiki, tmp_path, capsys, monkeypatch):
    recent = trwiki.client().get(action="query", list="recentchanges", rclimit=500)["query"]["recentchanges"]
    calls = count_requests(monkeypatch)
    code, out, err = run(
        capsys,
        "--api",
        trwiki.api_url,
        "--page",
        UPDATES,
        "--page",
        CHARTER,
        "--page",
        MISSING_PAGE,
        "--language",
        "es",
        "--language",
        "ar",
        "--language",
        "fr",
        "--export",
        "-",
    )
    assert code == 0, err
    assert len(calls) == 2 + 2  # P = 3, one of them missing
    rows = json.loads(out)  # stdout is only the JSON
    got = {(r["page"], r["language"]): r for r in rows}
    stats = direct_stats(trwiki, UPDATES)
    for code_ in ("es", "ar", "fr"):
        assert got[(UPDATES, code_)]["translated"] == stats[code_]["translated"]
        assert got[(UPDATES, code_)]["outdated"] == stats[code_]["fuzzy"]
    assert got[(MISSING_PAGE, "es")]["state"] == "not-translatable"
    assert "translation-status" in err  # the summary went to stderr
    after = trwiki.client().get(action="query", list="recentchanges", rclimit=500)["query"]["recentchanges"]
    assert len(after) == len(recent)  # nothing written to the wiki
    # every language with any translation when none is given
    code, out, err = run(capsys, "--api", trwiki.api_url, "--page", UPDATES, "--export", "-")
    assert code == 0, err
    assert sorted({r["language"] for r in json.loads(out)}) == ["ar", "es", "pt"]
    # every translatable page under a prefix: one messagegroups request finds them
    calls.clear()
    code, out, err = run(capsys, "--api", trwiki.api_url, "--prefix", f"{ROOT}/", "--export", "-")
    assert code == 0, err
    assert sorted({r["page"] for r in json.loads(out)}) == [CHARTER, UPDATES]  # not Content, not the table
    assert [c.get("meta") for c in calls] == [
        "messagegroups",
        "messagegroupstats",
        "messagegroupstats",
        "languageinfo",
    ]
    # no config and nothing to read: one line
    code, out, err = run(capsys, "--api", trwiki.api_url)
    assert code == 1 and "--page" in err


def test_a_human_edit_inside_the_table_is_reported_when_replaced(plain, tmp_path, capsys):
    """Issue 12.1: a changed number rebuilds the table; the run says it replaced a human's edit."""
    table = f"{ROOT}/Translation status (human edit)"
    cfg = write_config(tmp_path, plain, pages=[CONTENT], table=table)
    code, out, err = run(capsys, "--config", str(cfg))
    assert code == 0, err
    text = plain.client().page_text(table)
    marker = "<!-- ldwg-bot:translation-status:end -->"
    plain.client("Nadia K").edit(table, text=text.replace(marker, "A human line inside.\n" + marker))
    plain.client("Mira Santos").edit(f"{CONTENT}/fr", text="Projet de définition du leadership.")
    code, out, err = run(capsys, "--config", str(cfg))
    assert code == 0, err
    assert f"replaced an edit made on the wiki: {table} (translation-status)" in out
    assert "-A human line inside." in out
    assert "A human line inside." not in plain.client().page_text(table)
