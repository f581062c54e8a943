"""The shared vocabulary of the translation-status job: one :class:`Cell` per
page × language, its state, and Translate's own percent and colour rules.

Translate's rules adopted here, in our words (upstream: mediawiki/extensions/Translate,
branch REL1_39; no code of it is copied or shipped):

* The percent of a language (``src/PageTranslation/TranslatablePage.php``,
  ``getTranslationPercentages``): translated units, fuzzy ones not counted,
  divided by all units, written as a fraction with two decimals the way PHP's
  ``sprintf('%.2f')`` rounds the binary value (as Python's ``'%.2f' %`` does), so
  1/8 is 0.12, not 0.13; a page with no units is 0.00; the source language is
  always complete. The language bar's tooltip shows 100 times that fraction
  (``src/PageTranslation/Hooks.php``).
* The band (``src/PageTranslation/Hooks.php``, ``tpProgressIcon``, applied to the
  rounded fraction): below 20 % ``stub``, below 40 ``low``, below 60 ``med``,
  below 80 ``high``, otherwise ``complete`` (80 % already counts as complete).
* The bar's colours (``resources/css/ext.translate.tag.languages.less``): one
  image per band, dominant colours #cccccc, #9a0000, #660099, #ff3300, #33cc00;
  the table uses light tints of them so black text stays readable.

``tests/unit/translations/test_model.py`` checks percent and band against the
language bar Translate drew in the recorded ``parse_source_page_fv2.json`` from
the numbers in ``messagegroupstats_final_fv2.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import overload

# Export states. The first five are the issue's; "unknown" (Translate has no
# numbers yet) and "not-translatable" (the page is not a marked translatable
# page) are needed so that a cell never pretends to know what it does not.
MISSING = "missing"
OUTDATED = "outdated"
COMPLETE = "complete"
PARTIAL = "partial"
CURRENT = "current"
UNKNOWN = "unknown"
NOT_TRANSLATABLE = "not-translatable"
STATES = (MISSING, OUTDATED, COMPLETE, PARTIAL, CURRENT, UNKNOWN, NOT_TRANSLATABLE)

# tpProgressIcon thresholds (Hooks.php:613-623): upper bounds, exclusive.
BAND_THRESHOLDS = ((20, "stub"), (40, "low"), (60, "med"), (80, "high"))
BANDS = ("stub", "low", "med", "high", "complete")
# Dominant colour of prog-1..5.png, the icons of the classes above.
BAND_ICON_COLOURS = {
    "stub": "#cccccc",
    "low": "#9a0000",
    "med": "#660099",
    "high": "#ff3300",
    "complete": "#33cc00",
}


@dataclass(frozen=True)
class Cell:
    """The status of one page in one language. Unknowable numbers are None.

    ``outdated`` is Translate's fuzzy count (units whose source changed);
    ``percent`` is Translate's whole percent (see :func:`translate_percent`).
    """

    page: str
    language: str
    state: str
    total: int | None = None
    translated: int | None = None
    outdated: int | None = None
    proofread: int | None = None
    percent: int | None = None
    last_change: datetime | None = None

    def __post_init__(self) -> None:
        if self.state not in STATES:
            raise ValueError(f"unknown state {self.state!r}")

    @property
    def key(self) -> tuple[str, str]:
        return (self.page, self.language)


def translate_fraction(translated: int, total: int) -> str:
    """Translate's two-digit fraction string, e.g. ``"0.71"`` (fuzzy not counted)."""
    if total <= 0:
        return "0.00"
    return "%.2f" % (translated / total)


def translate_percent(translated: int, total: int) -> int:
    """The whole percent Translate's language bar shows: 5 of 7 -> 71."""
    whole, _, cents = translate_fraction(translated, total).partition(".")
    return int(whole) * 100 + int(cents)


def progress_band(percent: int) -> str:
    """Translate's ``mw-pt-progress--*`` class suffix for a whole percent."""
    for bound, name in BAND_THRESHOLDS:
        if percent < bound:
            return name
    return "complete"


def _tint(colour: str, amount: float = 0.25) -> str:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(255 - (255 - c) * amount):02x}" for c in rgb)


BAND_BACKGROUNDS = {band: _tint(colour) for band, colour in BAND_ICON_COLOURS.items()}


def band_background(percent: int) -> str:
    """Inline background colour for a percent, by Translate's thresholds."""
    return BAND_BACKGROUNDS[progress_band(percent)]


def translate_state(translated: int, fuzzy: int, total: int) -> str:
    """State of a Translate row: any fuzzy unit makes it outdated."""
    if fuzzy > 0:
        return OUTDATED
    if translated <= 0:
        return MISSING
    if translated >= total:
        return COMPLETE
    return PARTIAL


@overload
def parse_timestamp(value: str | datetime) -> datetime: ...
@overload
def parse_timestamp(value: None) -> None: ...
@overload
def parse_timestamp(value: str | datetime | None) -> datetime | None: ...
def parse_timestamp(value: str | datetime | None) -> datetime | None:
    """A MediaWiki ISO 8601 timestamp (``2026-11-25T19:00:00Z``) as aware UTC."""
    if value is None or isinstance(value, datetime):
        if isinstance(value, datetime) and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


def format_timestamp(value: datetime | None) -> str | None:
    """``2026-11-25T19:00:00Z`` (UTC) or None."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
