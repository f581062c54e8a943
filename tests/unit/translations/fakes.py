"""Test doubles: a fake ``request`` that serves recorded answers in order; reading a rendered
table's numbers back into cells (only the tests need it)."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ldwg_bot.translations.model import Cell, parse_timestamp
from ldwg_bot.translations.table import numbers_of, parse_numbers
from tests.shared import translate_fixture

DATA = Path(__file__).resolve().parent / "data"
PAGE = "Leadership Development Working Group/Updates"


def local_fixture(name: str) -> dict:
    """A response recorded for these tests (see data/REQUESTS.tsv)."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


class FakeRequest:
    """Serves ``answers`` one per call (the last one repeats when ``repeat_last``)
    and remembers the parameters of every call."""

    def __init__(self, *answers, repeat_last: bool = False):
        self.answers = [translate_fixture(a) if isinstance(a, str) else a for a in answers]
        self.repeat_last = repeat_last
        self.calls: list[dict] = []

    def __call__(self, params: dict) -> dict:
        self.calls.append(dict(params))
        index = len(self.calls) - 1
        if index >= len(self.answers):
            if not self.repeat_last:
                raise AssertionError(f"unexpected request #{index + 1}: {params}")
            index = len(self.answers) - 1
        answer = self.answers[index]
        if isinstance(answer, BaseException):
            raise answer
        return copy.deepcopy(answer)


class Sleeps(list):
    """A ``sleep`` that records instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


# -- reading a rendered table back (only the tests need it)


def cells_from_numbers(data: Mapping) -> list[Cell]:
    """Cells back from :func:`parse_numbers` data (round trip of rendering)."""
    return [
        Cell(
            page,
            lang,
            state,
            total=total,
            translated=translated,
            outdated=outdated,
            proofread=proofread,
            percent=percent,
            last_change=parse_timestamp(when),
        )
        for page, lang, state, percent, outdated, translated, total, proofread, when in data["cells"]
    ]


def table_numbers_changed(
    old_inner: str | None,
    cells: Iterable[Cell],
    *,
    pages: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
) -> bool:
    """True when the numbers embedded in ``old_inner`` differ from ``cells``
    (or cannot be read). Pages and languages are compared when given."""
    data = parse_numbers(old_inner)
    if data is None:
        return True
    if pages is not None and list(pages) != data.get("pages"):
        return True
    if languages is not None and list(languages) != data.get("languages"):
        return True
    cells = list(cells)
    if pages is not None or languages is not None:
        cells = [
            c
            for c in cells
            if (pages is None or c.page in pages) and (languages is None or c.language in languages)
        ]
    old = {tuple(row[:2]): row for row in data.get("cells", [])}
    return old != numbers_of(cells)
