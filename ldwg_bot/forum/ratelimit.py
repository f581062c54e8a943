"""How long to wait after a Discourse "429 Too Many Requests", and how much one run may wait.

The wait rule, in our words (Discourse's two refusal shapes are described in
``../shared/fixtures/discourse/FACTS.md``; the header in RFC 9110, 10.2.3):

1. the ``Retry-After`` header, when it holds whole seconds (``delay-seconds``),
   which Discourse sends with both its JSON and its plain-text 429;
2. else ``extras.wait_seconds`` of a JSON body (``RateLimiter::LimitExceeded``);
3. else :data:`DEFAULT_WAIT` seconds.

A ``Retry-After`` holding an HTTP date (allowed by the RFC, not sent by
Discourse) counts as absent, so the body or the default decides.

A :class:`WaitBudget` keeps every wait bounded: it refuses a single wait over
``max_wait`` and one that would bring the run's waiting past
``max_total_wait``, raising :class:`BudgetExceeded` with the key to raise.
Its ``sleep`` is injectable so tests record waits instead of sleeping.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import requests

#: Seconds to wait when neither the header nor the body says how long.
DEFAULT_WAIT = 10.0

#: What a :class:`WaitBudget` sleeps with unless given another; looked up when a
#: budget is made, so a test can swap it for the whole bot.
sleep: Callable[[float], None] = time.sleep


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """A header by name, whatever its case (``requests`` headers are case-free, a dict is not)."""
    lowered = name.lower()
    for key, value in headers.items():
        if key.lower() == lowered:
            return value
    return None


def wait_seconds(headers: Mapping[str, str], body: object = None) -> float:
    """Seconds to wait after a 429 with these ``headers`` and parsed JSON ``body`` (see the module doc)."""
    after = (_header(headers, "Retry-After") or "").strip()
    if after.isascii() and after.isdigit():
        return float(after)  # any number of digits: one too long is inf, which no cap allows
    extras = body.get("extras") if isinstance(body, dict) else None
    wait = extras.get("wait_seconds") if isinstance(extras, dict) else None
    if isinstance(wait, (int, float)) and not isinstance(wait, bool):
        try:
            wait = float(wait)
        except OverflowError:  # an int past float's range: as unusable as inf
            wait = math.inf
        if math.isfinite(wait) and wait >= 0:
            return wait
    return DEFAULT_WAIT


def response_wait(response: requests.Response) -> float:
    """:func:`wait_seconds` of a ``requests`` response; a body that is not JSON counts as absent."""
    try:
        body = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested past Python's recursion limit
        body = None
    return wait_seconds(response.headers, body)


class BudgetExceeded(Exception):
    """A wait the budget refuses; ``key`` is the setting that would allow it."""

    def __init__(self, key: str, seconds: float, limit: float, message: str) -> None:
        super().__init__(message)
        self.key, self.seconds, self.limit = key, seconds, limit


@dataclass
class WaitBudget:
    """Waits of one run: none over ``max_wait``, together at most ``max_total_wait`` seconds."""

    max_wait: float = 60
    max_total_wait: float = 120
    sleep: Callable[[float], None] = field(default_factory=lambda: sleep, repr=False)
    waited: float = 0.0

    def check(self, seconds: float) -> None:
        """Raise :class:`BudgetExceeded` if waiting ``seconds`` now would break a cap."""
        if seconds > self.max_wait:
            raise BudgetExceeded(
                "max_wait",
                seconds,
                self.max_wait,
                f"the forum asks to wait {seconds:g} s, longer than max_wait ({self.max_wait:g} s)",
            )
        if self.waited + seconds > self.max_total_wait:
            raise BudgetExceeded(
                "max_total_wait",
                seconds,
                self.max_total_wait,
                f"waiting {seconds:g} s more would make {self.waited + seconds:g} s "
                f"in this run, over max_total_wait ({self.max_total_wait:g} s)",
            )

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` if the caps allow it, else raise :class:`BudgetExceeded` (no sleep)."""
        self.check(seconds)
        self.sleep(seconds)
        self.waited += seconds


__all__ = ["DEFAULT_WAIT", "BudgetExceeded", "WaitBudget", "response_wait", "wait_seconds"]
