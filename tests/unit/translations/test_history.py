"""The SQLite history of runs."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from ldwg_bot.translations.history import History
from ldwg_bot.translations.model import PARTIAL, UNKNOWN, Cell

T0 = datetime(2026, 11, 25, 19, tzinfo=timezone.utc)


def cells(pt_percent):
    return [Cell("P", "pt", PARTIAL, total=7, translated=3, outdated=0, proofread=0,
                 percent=pt_percent, last_change=T0),
            Cell("P", "fr", UNKNOWN)]


def test_numbers_at_last_edit(tmp_path):
    path = tmp_path / "history.sqlite"
    with History(path) as history:
        assert history.numbers_at_last_edit() == {}
        first = history.record_run(T0, cells(43))
        assert history.numbers_at_last_edit() == {}  # recorded but not edited
        history.mark_edited(first)
        history.record_run(T0, cells(57))  # a later run that did not edit
    with History(path) as history:  # survives reopening
        assert history.numbers_at_last_edit() == {("P", "pt"): 43, ("P", "fr"): None}
        assert history.cells_of(first) == sorted(cells(43), key=lambda c: c.key)
        third = history.record_run(T0, cells(71))
        history.mark_edited(third)
        assert history.numbers_at_last_edit()[("P", "pt")] == 71


def test_mark_unknown_run():
    with History() as history:
        with pytest.raises(KeyError):
            history.mark_edited(42)
