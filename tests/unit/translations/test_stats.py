"""fetch_group_stats against recorded Translate REL1_39 answers."""

from __future__ import annotations

import json
from datetime import UTC

import pytest

from ldwg_bot.errors import WikiError
from ldwg_bot.translations.model import COMPLETE, MISSING, NOT_TRANSLATABLE, OUTDATED, PARTIAL, UNKNOWN
from ldwg_bot.translations.stats import (
    GroupStats,
    cells_from_group_stats,
    fetch_group_stats,
    group_stats_params,
    languages_with_translations,
)
from tests.shared import shared_path

from .fakes import PAGE, FakeRequest, Sleeps

WANTED = {"ar", "es", "fr", "pt"}
FINAL = {
    "ar": (5, 2, 71, OUTDATED),
    "es": (7, 0, 100, COMPLETE),
    "fr": (0, 0, 0, MISSING),
    "pt": (3, 0, 43, PARTIAL),
}


def recorded_params(fixture: str) -> dict:
    """The exact parameters REQUESTS.tsv gives for a fixture, less ``format``."""
    for line in shared_path("fixtures", "translate", "REQUESTS.tsv").read_text().splitlines():
        cols = line.split("\t")
        if cols[0] == fixture:
            params = json.loads(cols[2])
            params.pop("format", None)
            return params
    raise KeyError(fixture)


def assert_final(stats: GroupStats) -> None:
    for code, (translated, fuzzy, percent, _state) in FINAL.items():
        row = stats.languages[code]
        assert (row.translated, row.fuzzy, row.total, row.percent) == (translated, fuzzy, 7, percent)
    cells = {c.language: c for c in cells_from_group_stats(stats, sorted(FINAL))}
    assert {code: c.state for code, c in cells.items()} == {k: v[3] for k, v in FINAL.items()}
    assert cells["ar"].outdated == 2 and cells["ar"].percent == 71


@pytest.mark.parametrize(
    "fixture", ["messagegroupstats_final_fv2.json", "messagegroupstats_final_default_format.json"]
)
def test_warm_cache_costs_one_request(fixture):
    fake, sleeps = FakeRequest(fixture), Sleeps()
    stats = fetch_group_stats(fake, PAGE, wanted=WANTED, sleep=sleeps)
    assert stats.requests == 1 and len(fake.calls) == 1 and sleeps == []
    assert stats.translatable and stats.unknown == frozenset() and stats.incomplete_from is None
    assert set(stats.languages) == WANTED  # the other ~480 rows are dropped
    assert_final(stats)


def test_first_request_is_the_recorded_one():
    fake = FakeRequest("messagegroupstats_final_fv2.json")
    fetch_group_stats(fake, PAGE, wanted=WANTED, sleep=Sleeps())
    assert fake.calls[0] == recorded_params("messagegroupstats_final_fv2.json")
    assert group_stats_params(PAGE.replace(" ", "_"))["mgsgroup"] == f"page-{PAGE}"


def test_p_pages_cost_p_requests():
    fake = FakeRequest(*["messagegroupstats_final_fv2.json"] * 5)
    for _ in range(5):
        fetch_group_stats(fake, f"{PAGE}", wanted=WANTED, sleep=Sleeps())
    assert len(fake.calls) == 5


def test_every_language_mode_keeps_translated_only():
    stats = fetch_group_stats(
        FakeRequest("messagegroupstats_final_fv2.json"), PAGE, wanted=None, sleep=Sleeps()
    )
    assert len(stats.languages) == 486  # everything listed, en and qqq included
    assert stats.languages["en"].translated == 7
    assert stats.translated_languages() == ["ar", "es", "pt"]  # not en (source), not qqq, not fr
    other = GroupStats("Other", languages={}, source_language="en")
    assert languages_with_translations([stats, other]) == ["ar", "es", "pt"]


def test_partial_cache_continue_before_and_after_jobs():
    fake = FakeRequest(
        "messagegroupstats_partial_cache_fv2.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
        "messagegroupstats_partial_cache_continue_after_jobs_fv2.json",
    )
    sleeps = Sleeps()
    stats = fetch_group_stats(fake, PAGE, wanted=WANTED, sleep=sleeps, pause=2.5)
    assert stats.requests == 3 and sleeps == [2.5, 2.5]
    # The follow-ups are exactly what was recorded (mgsoffset inclusive, continue token).
    expected = recorded_params("messagegroupstats_partial_cache_continue_before_jobs_fv2.json")
    assert fake.calls[1] == expected and fake.calls[2] == expected
    assert stats.unknown == frozenset() and stats.incomplete_from is None
    assert_final(stats)


def test_partial_cache_not_followed_when_wanted_languages_came():
    fake, sleeps = FakeRequest("messagegroupstats_partial_cache_fv2.json"), Sleeps()
    stats = fetch_group_stats(fake, PAGE, wanted={"ar", "es", "fr"}, sleep=sleeps)
    assert stats.requests == 1 and sleeps == []  # all three sort before the offset "na"
    assert stats.unknown == frozenset()


def test_cache_never_fills_gives_unknown_after_bounded_retries():
    fake = FakeRequest(
        "messagegroupstats_partial_cache_default_format.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
        repeat_last=True,
    )
    sleeps = Sleeps()
    stats = fetch_group_stats(fake, PAGE, wanted=WANTED, retries=3, pause=1.0, sleep=sleeps)
    assert stats.requests == 4 and len(fake.calls) == 4 and sleeps == [1.0] * 3
    assert stats.unknown == frozenset({"pt"}) and stats.incomplete_from == "na"
    cells = {c.language: c for c in cells_from_group_stats(stats, sorted(WANTED))}
    assert cells["pt"].state == UNKNOWN and cells["pt"].percent is None  # never 0 %
    assert cells["es"].percent == 100


def test_no_retries_means_no_follow_up():
    fake, sleeps = FakeRequest("messagegroupstats_partial_cache_fv2.json"), Sleeps()
    stats = fetch_group_stats(fake, PAGE, wanted=WANTED, retries=0, sleep=sleeps)
    assert stats.requests == 1 and sleeps == [] and stats.unknown == {"pt"}


@pytest.mark.parametrize(
    "fresh", ["messagegroupstats_fresh_cache_fv2.json", "messagegroupstats_fresh_cache_default_format.json"]
)
def test_fresh_cache_then_jobs(fresh):
    fake, sleeps = FakeRequest(fresh, "messagegroupstats_fresh_cache_after_jobs_fv2.json"), Sleeps()
    stats = fetch_group_stats(fake, PAGE, wanted=WANTED, sleep=sleeps)
    assert stats.requests == 2 and len(sleeps) == 1
    assert fake.calls[1]["mgsoffset"] == "aa" and fake.calls[1]["continue"] == "-||"
    assert_final(stats)


def test_fresh_cache_stays_empty_every_language_mode():
    fake = FakeRequest("messagegroupstats_fresh_cache_fv2.json", repeat_last=True)
    stats = fetch_group_stats(fake, PAGE, wanted=None, retries=2, sleep=Sleeps())
    assert stats.requests == 3 and stats.languages == {} and stats.incomplete_from == "aa"
    assert stats.is_unknown("es") and stats.translated_languages() == []


def test_partial_every_language_mode_follows_to_the_end():
    fake = FakeRequest(
        "messagegroupstats_partial_cache_fv2.json",
        "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
        "messagegroupstats_partial_cache_continue_after_jobs_fv2.json",
    )
    stats = fetch_group_stats(fake, PAGE, wanted=None, sleep=Sleeps())
    assert len(stats.languages) == 486 and stats.incomplete_from is None
    assert stats.translated_languages() == ["ar", "es", "pt"]


def test_stale_numbers_right_after_remark_are_reported_as_translate_gives_them():
    # Known limitation: until the jobs run Translate still says ar 7/7, es 0/7.
    stats = fetch_group_stats(
        FakeRequest("messagegroupstats_right_after_remark_fv2.json"), PAGE, wanted=WANTED, sleep=Sleeps()
    )
    assert stats.languages["ar"].percent == 100 and stats.languages["es"].percent == 0


@pytest.mark.parametrize(
    "fixture",
    [
        "messagegroupstats_error_group_not_yet_marked_fv2.json",
        "messagegroupstats_error_not_translatable_page_fv2.json",
        "messagegroupstats_error_unknown_group_fv2.json",
        "messagegroupstats_error_unknown_group_default_format.json",
    ],
)
def test_badparameter_means_not_translatable(fixture):
    stats = fetch_group_stats(FakeRequest(fixture), "Main Page", wanted=WANTED, sleep=Sleeps())
    assert not stats.translatable and stats.requests == 1
    assert stats.error.startswith("badparameter")
    assert all(stats.is_unknown(code) for code in WANTED)
    cells = cells_from_group_stats(stats, ["es"])
    assert cells[0].state == NOT_TRANSLATABLE and cells[0].percent is None


class FakeAPIError(Exception):
    """Shaped like pywikibot's APIError: ``code`` and ``info``."""

    def __init__(self, code, info):
        super().__init__(f"{code}: {info}")
        self.code, self.info = code, info


def test_raised_badparameter_means_not_translatable():
    fake = FakeRequest(FakeAPIError("badparameter", 'Invalid value for parameter "mgsgroup".'))
    stats = fetch_group_stats(fake, "Main Page", wanted=WANTED, sleep=Sleeps())
    assert not stats.translatable and "mgsgroup" in stats.error


def test_other_errors_are_raised():
    with pytest.raises(FakeAPIError):
        fetch_group_stats(
            FakeRequest(FakeAPIError("readapidenied", "no")), PAGE, wanted=WANTED, sleep=Sleeps()
        )
    # A real Translate error document of another kind (recorded from languagestats).
    with pytest.raises(WikiError, match="translate-invalidlanguage"):
        fetch_group_stats(
            FakeRequest("languagestats_error_invalid_language_fv2.json"), PAGE, wanted=WANTED, sleep=Sleeps()
        )


def test_last_changes_are_attached():
    from datetime import datetime

    when = datetime(2026, 11, 20, tzinfo=UTC)
    stats = fetch_group_stats(
        FakeRequest("messagegroupstats_final_fv2.json"), PAGE, wanted=WANTED, sleep=Sleeps()
    )
    cells = cells_from_group_stats(stats, ["es", "xx"], last_changes={"es": when})
    assert cells[0].last_change == when
    assert cells[1].state == UNKNOWN  # a code Translate does not list
