"""Percent, colour band and state: equal to Translate REL1_39's own rules."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ldwg_bot.translations.model import (BAND_BACKGROUNDS, COMPLETE, MISSING, OUTDATED, PARTIAL,
                                         Cell, band_background, format_timestamp,
                                         parse_timestamp, progress_band, translate_fraction,
                                         translate_percent, translate_state)
from tests.shared import shared_path

TRANSLATE = ("vendor", "mediawiki-extensions", "Translate")


@pytest.mark.parametrize("translated,total,percent", [
    (5, 7, 71), (3, 7, 43), (7, 7, 100), (0, 7, 0), (1, 8, 12),  # 0.125 -> "0.12" like PHP
    (5, 8, 62), (1, 3, 33), (2, 3, 67), (0, 0, 0),
    (199, 200, 99),  # 0.995 is 0.99499... in binary: PHP prints "0.99" too
    (999, 1000, 100),  # not complete, yet Translate shows 100
])
def test_percent_like_translate(translated, total, percent):
    assert translate_percent(translated, total) == percent


@pytest.mark.parametrize("percent,band", [
    (0, "stub"), (19, "stub"), (20, "low"), (39, "low"), (40, "med"), (59, "med"),
    (60, "high"), (79, "high"), (80, "complete"), (100, "complete"),
])
def test_band_thresholds(percent, band):
    assert progress_band(percent) == band
    assert band_background(percent) == BAND_BACKGROUNDS[band]


def test_bands_have_distinct_light_colours():
    assert len(set(BAND_BACKGROUNDS.values())) == 5
    for colour in BAND_BACKGROUNDS.values():
        assert min(int(colour[i:i + 2], 16) for i in (1, 3, 5)) >= 0xbf  # black text readable


def test_vendored_source_still_has_the_rules_mirrored():
    page = shared_path(*TRANSLATE, "src", "PageTranslation", "TranslatablePage.php").read_text()
    assert "$percentage = $translated / $total;" in page
    assert "sprintf( '%.2f', $percentage )" in page
    hooks = shared_path(*TRANSLATE, "src", "PageTranslation", "Hooks.php").read_text()
    for bound, cls in ((20, "stub"), (40, "low"), (60, "med"), (80, "high")):
        assert re.search(rf"\$percent < {bound} \) {{\s*\$classes\[\] = 'mw-pt-progress--{cls}'", hooks)


@pytest.mark.skipif(shutil.which("php") is None, reason="needs php to run Translate's code")
def test_same_as_translate_php_for_every_fraction_up_to_300():
    """Runs Translate's own tpProgressIcon (cut from the vendored Hooks.php)
    and its sprintf, then compares every k/n, n <= 300, with ours."""
    hooks = shared_path(*TRANSLATE, "src", "PageTranslation", "Hooks.php").read_text()
    body = re.search(r"private static function tpProgressIcon\( float \$percent \) \{(.*?)\n\t\}",
                     hooks, re.DOTALL).group(1)
    script = ("<?php\nfunction tpProgressIcon( float $percent ) {" + body + "\n}\n"
              "for ($t = 1; $t <= 300; $t++) { for ($k = 0; $k <= $t; $k++) {\n"
              "  $p = sprintf( '%.2f', $k / $t );\n"
              "  echo $t, ' ', $k, ' ', strval( 100 * $p ), ' ', tpProgressIcon( (float)$p )[1], \"\\n\";\n"
              "} }\n")
    out = subprocess.run(["php"], input=script, capture_output=True, text=True, check=True).stdout
    lines = out.split("\n")[:-1]
    assert len(lines) == sum(t + 1 for t in range(1, 301))
    for line in lines:
        total, translated, percent, cls = line.split()
        ours = translate_percent(int(translated), int(total))
        assert (str(ours), "mw-pt-progress--" + progress_band(ours)) == (percent, cls), line


@given(st.integers(0, 5000), st.integers(1, 5000))
def test_percent_is_the_two_digit_fraction(translated, total):
    translated = min(translated, total)
    percent = translate_percent(translated, total)
    assert 0 <= percent <= 100
    assert translate_fraction(translated, total) == f"{percent // 100}.{percent % 100:02d}"
    assert abs(percent - 100 * translated / total) <= 0.5 + 1e-9


@pytest.mark.parametrize("translated,fuzzy,total,state", [
    (0, 0, 7, MISSING), (5, 2, 7, OUTDATED), (0, 1, 7, OUTDATED), (7, 0, 7, COMPLETE),
    (3, 0, 7, PARTIAL),
])
def test_states(translated, fuzzy, total, state):
    assert translate_state(translated, fuzzy, total) == state


def test_cell_rejects_unknown_state():
    with pytest.raises(ValueError):
        Cell("P", "es", "great")


def test_timestamps():
    when = parse_timestamp("2026-11-25T19:00:00Z")
    assert when == datetime(2026, 11, 25, 19, tzinfo=timezone.utc)
    assert format_timestamp(when) == "2026-11-25T19:00:00Z"
    assert parse_timestamp(datetime(2026, 1, 1)).tzinfo is timezone.utc
    assert parse_timestamp(None) is None and format_timestamp(None) is None
