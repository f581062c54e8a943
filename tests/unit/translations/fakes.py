"""Test doubles: a fake ``request`` that serves recorded answers in order."""
from __future__ import annotations

import copy
import json
from pathlib import Path

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
