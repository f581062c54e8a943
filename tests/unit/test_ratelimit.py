"""The wait rule after an HTTP 429 and the per-run wait budget (no HTTP, no real sleep)."""

from __future__ import annotations

import json

import pytest

from ldwg_bot.forum import ratelimit
from ldwg_bot.forum.ratelimit import DEFAULT_WAIT, BudgetExceeded, WaitBudget, wait_seconds
from tests.discourse_replay import load_rows
from tests.shared import shared_path


def _recorded(file: str) -> tuple[dict, bytes]:
    """Headers and body of a recorded 429 in ../shared/fixtures/discourse."""
    folder = shared_path("fixtures", "discourse")
    row = next(r for r in load_rows(folder) if r.file is not None and r.file.name == file)
    return row.headers, row.body()


def test_recorded_json_429_header_first_then_body():
    headers, body = _recorded("rate-limit-429.json")
    doc = json.loads(body)
    assert headers["Retry-After"] == "37" and doc["extras"]["wait_seconds"] == 37
    assert wait_seconds(headers, doc) == 37
    assert wait_seconds({**headers, "Retry-After": "5"}, doc) == 5  # the header wins
    no_header = {k: v for k, v in headers.items() if k != "Retry-After"}
    assert wait_seconds(no_header, doc) == 37  # then the body
    assert wait_seconds(no_header, {**doc, "extras": {}}) == DEFAULT_WAIT == 10


def test_recorded_plain_text_429_uses_its_header():
    headers, body = _recorded("rate-limit-429-ip.txt")
    assert body.startswith(b"Slow down") and wait_seconds(headers, None) == 8
    assert wait_seconds({"content-type": "text/plain", "retry-after": " 8 "}) == 8  # any case, spaces
    assert wait_seconds({"Content-Type": "text/plain"}, None) == 10


@pytest.mark.parametrize(
    "after, body, expected",
    [
        ("0", None, 0),
        ("Wed, 21 Oct 2026 07:28:00 GMT", {"extras": {"wait_seconds": 12}}, 12),  # an HTTP date: not used
        ("-3", None, 10),
        ("1.5", None, 10),
        ("", None, 10),
        ("٣", None, 10),  # not delay-seconds
        (None, {"extras": {"wait_seconds": 2.5}}, 2.5),
        (None, {"extras": {"wait_seconds": -1}}, 10),
        (None, {"extras": {"wait_seconds": True}}, 10),
        (None, {"extras": {"wait_seconds": "37"}}, 10),
        (None, {"extras": {"wait_seconds": float("inf")}}, 10),
        (None, ["not", "a", "dict"], 10),
        (None, {"extras": None}, 10),
        (None, {"extras": {"wait_seconds": 10**400}}, 10),
        ("9" * 5000, None, float("inf")),  # no crash
    ],
)
def test_wait_rule_edges(after, body, expected):
    headers = {} if after is None else {"Retry-After": after}
    assert wait_seconds(headers, body) == expected


def test_budget_sleeps_with_the_injected_function_and_counts():
    slept: list[float] = []
    budget = WaitBudget(max_wait=60, max_total_wait=100, sleep=slept.append)
    budget.wait(37)
    budget.wait(60)
    assert slept == [37, 60] and budget.waited == 97
    with pytest.raises(BudgetExceeded) as exc:
        budget.wait(5)
    assert exc.value.key == "max_total_wait" and slept == [37, 60] and budget.waited == 97
    assert str(exc.value) == "waiting 5 s more would make 102 s in this run, over max_total_wait (100 s)"
    budget.wait(3)  # what is left can still be used
    assert budget.waited == 100


def test_budget_refuses_one_long_wait_without_sleeping():
    slept: list[float] = []
    budget = WaitBudget(max_wait=30, max_total_wait=3600, sleep=slept.append)
    with pytest.raises(BudgetExceeded) as exc:
        budget.wait(37)
    assert (exc.value.key, exc.value.seconds, exc.value.limit) == ("max_wait", 37, 30)
    assert str(exc.value) == "the forum asks to wait 37 s, longer than max_wait (30 s)" and slept == []


def test_zero_caps_allow_only_zero_waits():
    slept: list[float] = []
    budget = WaitBudget(max_wait=0, max_total_wait=0, sleep=slept.append)
    budget.wait(0)
    with pytest.raises(BudgetExceeded, match="max_wait"):
        budget.wait(1)
    assert slept == [0]


def test_default_sleep_is_looked_up_when_a_budget_is_made(monkeypatch):
    seen: list[float] = []
    monkeypatch.setattr(ratelimit, "sleep", seen.append)
    WaitBudget().wait(2)
    assert seen == [2]
