"""The path without Translate, with answers recorded from a local MediaWiki 1.39."""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime

import pytest

from ldwg_bot.translations.model import CURRENT, MISSING, OUTDATED, UNKNOWN
from ldwg_bot.translations.subpages import (
    allpages_params,
    find_subpages,
    pages_from_response,
    source_last_change,
    subpage_cells,
    subpage_queries,
    title_batches,
)

from .fakes import DATA, PAGE, local_fixture

ROOT = "Leadership Development Working Group"


def recorded(name: str) -> dict:
    for line in (DATA / "REQUESTS.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith(name + "\t"):
            return json.loads(line.split("\t")[1])
    raise KeyError(name)


def test_prefix_query_params_are_the_recorded_ones():
    assert allpages_params(ROOT + "/", 0) == recorded("allpages_generator_revisions_fv2.json")
    help_ns = allpages_params(ROOT + "/Guide", 12)
    assert help_ns == recorded("allpages_generator_revisions_help_ns_fv2.json")


def test_one_query_per_namespace_and_root():
    queries = subpage_queries(
        [(0, f"{ROOT}/Updates"), (0, f"{ROOT}/Charter"), (12, f"{ROOT}/Guide"), (0, "About_us")]
    )
    assert [(q["gapnamespace"], q["gapprefix"]) for q in queries] == [
        (0, "About us"),
        (0, f"{ROOT}/"),
        (12, f"{ROOT}/Guide"),
    ]
    assert all(q["prop"] == "revisions" and q["rvprop"] == "timestamp" for q in queries)


def test_title_batches_budget():
    pages = [f"P{i}" for i in range(7)]
    languages = [f"l{i:02d}" for i in range(20)]
    batches = title_batches(pages, languages)
    names = [t for b in batches for t in b["titles"].split("|")]
    assert len(names) == 7 * 21 and len(set(names)) == len(names)
    assert all(len(b["titles"].split("|")) <= 50 for b in batches)
    assert len(batches) == math.ceil(7 * 21 / 50) <= 2 + math.ceil(7 * 20 / 50)
    assert names[:7] == pages  # the source pages come first


@pytest.mark.parametrize(
    "fixture", ["allpages_generator_revisions_fv2.json", "allpages_generator_revisions_default_format.json"]
)
def test_pages_from_allpages_answer(fixture):
    pages = dict(pages_from_response(local_fixture(fixture)))
    assert pages[f"{PAGE}/es"] > pages[PAGE] > pages[f"{PAGE}/pt"]
    assert len(pages) == 6
    assert all(t.tzinfo is UTC for t in pages.values())


@pytest.mark.parametrize("fixture", ["titles_revisions_fv2.json", "titles_revisions_default_format.json"])
def test_missing_pages_are_left_out(fixture):
    pages = dict(pages_from_response(local_fixture(fixture)))
    assert f"{PAGE}/fr" not in pages and PAGE in pages


def test_continued_answer_parses_too():
    answer = local_fixture("allpages_generator_revisions_limit2_fv2.json")
    assert "gapcontinue" in answer["continue"]  # the caller follows it
    assert [t for t, _ in pages_from_response(answer)] == [PAGE, f"{ROOT}/Charter"]


def test_states_from_recorded_times():
    pages = pages_from_response(local_fixture("allpages_generator_revisions_fv2.json"))
    source = source_last_change(PAGE, pages)
    assert source == datetime(2026, 11, 25, 19, 57, 21, tzinfo=UTC)
    assert set(find_subpages(PAGE, pages)) == {"es", "pt"}  # not es/Archive, not "Updates 2024"
    cells = {c.language: c for c in subpage_cells(PAGE, pages, source, languages=["es", "pt", "fr"])}
    assert cells["es"].state == CURRENT and cells["pt"].state == OUTDATED
    assert cells["fr"].state == MISSING and cells["fr"].last_change is None
    for cell in cells.values():
        assert cell.percent is None and cell.total is None and cell.outdated is None


def test_every_language_mode_finds_language_subpages():
    pages = [
        (f"{PAGE}/es", "2026-01-02T00:00:00Z"),
        (f"{PAGE}/en", "2026-01-02T00:00:00Z"),
        (f"{PAGE}/qqq", "2026-01-02T00:00:00Z"),
        (f"{PAGE}/Archive", "2026-01-02T00:00:00Z"),
        (f"{PAGE}/zh-hans", "2025-01-01T00:00:00Z"),
        (f"{PAGE}/xx", "2026-01-02T00:00:00Z"),
    ]
    cells = subpage_cells(PAGE, pages, "2026-01-01T00:00:00Z", languages=None)
    assert [(c.language, c.state) for c in cells] == [("es", CURRENT), ("xx", CURRENT), ("zh-hans", OUTDATED)]
    known = subpage_cells(
        PAGE, pages, "2026-01-01T00:00:00Z", languages=None, known_languages={"es", "zh-hans"}
    )
    assert [c.language for c in known] == ["es", "zh-hans"]


def test_unknown_source_time_is_not_guessed():
    cells = subpage_cells(PAGE, [(f"{PAGE}/es", "2026-01-02T00:00:00Z")], None, languages=["es", "fr"])
    assert [c.state for c in cells] == [UNKNOWN, MISSING]


def test_help_namespace_titles():
    pages = pages_from_response(local_fixture("allpages_generator_revisions_help_ns_fv2.json"))
    title = f"Help:{ROOT}/Guide"
    assert set(find_subpages(title, pages)) == {"ar"}
    assert source_last_change(title.replace(" ", "_"), pages) is not None
