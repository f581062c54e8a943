"""Percent, colour band and state: equal to Translate REL1_39's own rules."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldwg_bot.translations.model import (
    BAND_BACKGROUNDS,
    COMPLETE,
    MISSING,
    OUTDATED,
    PARTIAL,
    Cell,
    band_background,
    format_timestamp,
    parse_timestamp,
    progress_band,
    translate_fraction,
    translate_percent,
    translate_state,
)
from tests.shared import translate_fixture


@pytest.mark.parametrize(
    "translated,total,percent",
    [
        (5, 7, 71),
        (3, 7, 43),
        (7, 7, 100),
        (0, 7, 0),
        (1, 8, 12),  # 0.125 -> "0.12" like PHP
        (5, 8, 62),
        (1, 3, 33),
        (2, 3, 67),
        (0, 0, 0),
        (199, 200, 99),  # 0.995 is 0.99499... in binary: PHP prints "0.99" too
        (999, 1000, 100),  # not complete, yet Translate shows 100
    ],
)
def test_percent_like_translate(translated, total, percent):
    assert translate_percent(translated, total) == percent


@pytest.mark.parametrize(
    "percent,band",
    [
        (0, "stub"),
        (19, "stub"),
        (20, "low"),
        (39, "low"),
        (40, "med"),
        (59, "med"),
        (60, "high"),
        (79, "high"),
        (80, "complete"),
        (100, "complete"),
    ],
)
def test_band_thresholds(percent, band):
    assert progress_band(percent) == band
    assert band_background(percent) == BAND_BACKGROUNDS[band]


def test_bands_have_distinct_light_colours():
    assert len(set(BAND_BACKGROUNDS.values())) == 5
    for colour in BAND_BACKGROUNDS.values():
        assert min(int(colour[i : i + 2], 16) for i in (1, 3, 5)) >= 0xBF  # black text readable


def test_percent_and_band_equal_translates_recorded_language_bar():
    """Translate REL1_39 drew the bar of the recorded source page from the recorded stats:
    every language in it shows our percent and our band."""
    rows = {
        r["code"]: r
        for r in translate_fixture("messagegroupstats_final_fv2.json")["query"]["messagegroupstats"]
    }
    page = translate_fixture("parse_source_page_fv2.json")["parse"]["text"]
    bar = re.findall(
        r'class="mw-pt-progress mw-pt-progress--(\w+)" title="[^"]*\((\d+)% translated\)" '
        r'lang="([\w-]+)"',
        page,
    )
    assert {code for _, _, code in bar} == {"es", "pt", "ar"}
    for band, percent, code in bar:
        ours = translate_percent(rows[code]["translated"], rows[code]["total"])
        assert (ours, progress_band(ours)) == (int(percent), band), code
    assert 'mw-pt-languages-selected mw-pt-progress mw-pt-progress--complete" lang="en"' in page  # source


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_percent_is_the_two_digit_fraction(translated, total):
    translated = min(translated, total)
    percent = translate_percent(translated, total)
    assert 0 <= percent <= 100
    assert translate_fraction(translated, total) == f"{percent // 100}.{percent % 100:02d}"
    assert abs(percent - 100 * translated / total) <= 0.5 + 1e-9


@pytest.mark.parametrize(
    "translated,fuzzy,total,state",
    [(0, 0, 7, MISSING), (5, 2, 7, OUTDATED), (0, 1, 7, OUTDATED), (7, 0, 7, COMPLETE), (3, 0, 7, PARTIAL)],
)
def test_states(translated, fuzzy, total, state):
    assert translate_state(translated, fuzzy, total) == state


def test_cell_rejects_unknown_state():
    with pytest.raises(ValueError):
        Cell("P", "es", "great")


def test_timestamps():
    when = parse_timestamp("2026-11-25T19:00:00Z")
    assert when == datetime(2026, 11, 25, 19, tzinfo=UTC)
    assert format_timestamp(when) == "2026-11-25T19:00:00Z"
    assert parse_timestamp(datetime(2026, 1, 1)).tzinfo is UTC
    assert parse_timestamp(None) is None and format_timestamp(None) is None
