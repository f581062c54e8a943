"""Learning the signature format; time zones, DST, digits, invisible marks."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ldwg_bot.errors import ConfigError
from ldwg_bot.feedback.conventions import (
    SITEINFO_PARAMS,
    WikiConventions,
    conventions_from_api,
    learn_format,
    to_int,
)
from ldwg_bot.feedback.signatures import SignatureScanner

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "feedback"


def conv_of(wiki: str) -> WikiConventions:
    d = FIXTURES / wiki
    return conventions_from_api(
        json.loads((d / "siteinfo.json").read_text()), json.loads((d / "pst.json").read_text())
    )


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_siteinfo_params_ask_for_full_may_and_the_utc_label():
    msgs = SITEINFO_PARAMS["ammessages"].split("|")
    assert {"may", "may_long", "may-gen", "timezone-utc"} <= set(msgs)


@pytest.mark.parametrize(
    "wiki, tokens",
    [
        ("en", ["hour", ":", "minute", ", ", "day", " ", "monthname", " ", "year"]),
        ("ar", ["hour", ":", "minute", "، ", "day", " ", "monthname", " ", "year"]),
        ("de-berlin", ["hour", ":", "minute", ", ", "day", ". ", "monthname", " ", "year"]),
        ("fa-tehran", ["day", " ", "monthname", " ", "year", "، ساعت ", "hour", ":", "minute"]),
        ("pt", ["hour", "h", "minute", "min de ", "day", " de ", "monthname", " de ", "year"]),
    ],
)
def test_learned_token_order(wiki, tokens):
    assert [v for _, v in conv_of(wiki).formats[0].tokens] == tokens


def test_namespaces_and_aliases_come_from_siteinfo():
    de = conv_of("de-berlin")
    assert {"Benutzer", "Benutzerin", "Benutzer Diskussion", "User"} <= set(de.user_namespaces)
    assert "Beiträge" in de.contributions_aliases and "Spezial" in de.special_namespaces
    assert de.timezone == "Europe/Berlin"


@pytest.mark.parametrize(
    "text, expected",
    [
        # Summer time, winter time.
        ("12:00, 1. Jul. 2026 (CEST)", utc(2026, 7, 1, 10, 0)),
        ("12:00, 1. Dez. 2026 (CET)", utc(2026, 12, 1, 11, 0)),
        # The repeated hour when DST ends (25 Oct 2026, 03:00 CEST -> 02:00 CET): the label decides.
        ("02:30, 25. Okt. 2026 (CEST)", utc(2026, 10, 25, 0, 30)),
        ("02:30, 25. Okt. 2026 (CET)", utc(2026, 10, 25, 1, 30)),
        # Around the spring switch (29 Mar 2026, 02:00 CET -> 03:00 CEST).
        ("01:59, 29. Mär. 2026 (CET)", utc(2026, 3, 29, 0, 59)),
        ("03:00, 29. Mär. 2026 (CEST)", utc(2026, 3, 29, 1, 0)),
        # Full month name and "Mai" (abbreviation == full name) are accepted too.
        ("08:05, 3. Mai 2025 (CEST)", utc(2025, 5, 3, 6, 5)),
        ("08:05, 3. Januar 2025 (CET)", utc(2025, 1, 3, 7, 5)),
        # A UTC signature pasted on the Berlin wiki stays UTC.
        ("08:05, 3. Jan. 2025 (UTC)", utc(2025, 1, 3, 8, 5)),
        # English fallback format.
        ("12:00, 1 August 2022 (UTC)", utc(2022, 8, 1, 12, 0)),
    ],
)
def test_berlin_wiki_dst(text, expected):
    assert SignatureScanner(conv_of("de-berlin")).parse_timestamp(text) == expected


def test_tehran_offset_label_and_persian_digits():
    scanner = SignatureScanner(conv_of("fa-tehran"))
    assert scanner.parse_timestamp("\u200f۱ ژوئیه ۲۰۲۶، ساعت ۰۸:۱۵ (+0330)") == utc(2026, 7, 1, 4, 45)
    # ASCII digits and missing RLM work as well.
    assert scanner.parse_timestamp("1 ژوئیه 2026، ساعت 08:15 (+0330)") == utc(2026, 7, 1, 4, 45)
    # An explicit other offset wins over the wiki's zone (before 2022 Iran had DST: +0430).
    assert scanner.parse_timestamp("۱ ژوئیه ۲۰۲۱، ساعت ۰۸:۱۵ (+0430)") == utc(2021, 7, 1, 3, 45)


def test_arabic_and_bengali_digits_and_utc_labels():
    ar = SignatureScanner(conv_of("ar"))
    assert ar.parse_timestamp("٠٩:٠٥، ٣ مايو ٢٠٢٤ (ت ع م)") == utc(2024, 5, 3, 9, 5)
    # NBSP instead of spaces in the label and LRM/RLM around fields (T245784, T308448).
    assert ar.parse_timestamp("\u200f٠٩:٠٥،\u00a0٣\u200f مايو ٢٠٢٤ (ت\u00a0ع\u00a0م)") == utc(
        2024, 5, 3, 9, 5
    )
    bn = SignatureScanner(conv_of("bn"))
    assert bn.parse_timestamp("০৯:০৫, ৩ মে ২০২৪ (ইউটিসি)") == utc(2024, 5, 3, 9, 5)


def test_digits_of_any_script():
    assert to_int("٢٠٢٦") == to_int("۲۰۲۶") == to_int("২০২৬") == to_int("२०२६") == 2026


def test_portuguese_format_that_timestripper_misses():
    pt = SignatureScanner(conv_of("pt"))
    assert pt.parse_timestamp("16h12min de 25 de novembro de 2026 (UTC)") == utc(2026, 11, 25, 16, 12)
    assert pt.parse_timestamp("06h02min de 5 de maio de 2024 (UTC)") == utc(2024, 5, 5, 6, 2)


def test_ambiguous_sample_prefers_hour_before_minute():
    names = (("November", 11),)
    fmt, label = learn_format("19:19, 19 November 2026 (UTC)", datetime(2026, 11, 19, 19, 19), names)
    assert [v for _, v in fmt.tokens][:3] == ["hour", ":", "minute"] and label == "UTC"


def test_sample_off_by_one_minute_is_tolerated():
    fmt, _ = learn_format(
        "19:43, 25 November 2026 (UTC)", datetime(2026, 11, 25, 19, 44), (("November", 11),)
    )
    assert fmt.tokens[0] == ("field", "hour")


def test_sample_in_the_minute_after_curtimestamp_is_explained():
    """Seen on a devwiki: curtimestamp 17:34:59 is taken before the PST, which wrote 17:35."""
    fmt, _ = learn_format("17:35, 4 December 2026 (UTC)", datetime(2026, 12, 4, 17, 34), (("December", 12),))
    assert [v for _, v in fmt.tokens][:3] == ["hour", ":", "minute"]


@pytest.mark.parametrize("sample", ["no zone here", "12:00, 1 December 2026 (UTC)"])
def test_unexplainable_sample_is_a_config_error(sample):
    with pytest.raises(ConfigError):
        learn_format(sample, datetime(2026, 11, 25, 19, 44), (("November", 11), ("December", 12)))


def test_missing_curtimestamp_is_a_config_error():
    with pytest.raises(ConfigError):
        conventions_from_api({"query": {}}, {"parse": {"text": "12:00, 1 May 2026 (UTC)"}})


def test_default_english_needs_no_api():
    conv = WikiConventions.default_english()
    assert SignatureScanner(conv).parse_timestamp("23:59, 31 December 1999 (UTC)") == utc(
        1999, 12, 31, 23, 59
    )
    assert SignatureScanner(conv).parse_timestamp("12:00, August 1, 2022 (UTC)") == utc(2022, 8, 1, 12, 0)
    assert SignatureScanner(conv).parse_timestamp("2022-08-01T12:00:00Z") == utc(2022, 8, 1, 12, 0)
    assert SignatureScanner(conv).parse_timestamp("12:00, 31 February 2022 (UTC)") is None
