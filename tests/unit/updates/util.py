"""Helpers for the updates tests: read a page back the way a wiki would."""

from __future__ import annotations

import re
from pathlib import Path

import mwparserfromhell

from ldwg_bot.updates.source import parse_update

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "updates"
EXAMPLES = Path(__file__).resolve().parents[3] / "ldwg_bot" / "examples" / "updates"


def update(body: str, month: str = "2022-07", title: str = "T", summary: str = "S"):
    return parse_update(
        f'---\nmonth: {month}\ntitle: "{title}"\nsummary: "{summary}"\n---\n\n{body}', "test.md"
    )


def unit_ids(text: str) -> list[str]:
    """Every unit marker of the page, read with mwparserfromhell."""
    code = mwparserfromhell.parse(text)
    return [c.contents[2:] for c in code.filter_comments() if c.contents.startswith("T:")]


def check_translate_markup(text: str) -> list[str]:
    """Assert balanced, unnested <translate> tags and unique unit ids; return the ids."""
    code = mwparserfromhell.parse(text, skip_style_tags=True)
    tags = [t for t in code.filter_tags() if str(t.tag) == "translate"]
    assert len(tags) == text.count("<translate>") == text.count("</translate>")
    for tag in tags:
        assert "<translate" not in str(tag.contents), "nested <translate>"
    ids = unit_ids(text)
    assert len(ids) == len(set(ids)), f"duplicate unit ids: {ids}"
    return ids


def unit_map(text: str) -> dict[str, str]:
    """id -> unit text, via the module under test's reader."""
    from ldwg_bot.updates.translatable import parse_units

    return {u.id: u.text for u in parse_units(text)}


def numbers(text: str) -> list[int]:
    return [int(n) for n in re.findall(r"<!--T:(\d+)-->", text)]
