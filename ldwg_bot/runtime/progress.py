"""Progress on long runs, only when a person is watching (stderr is a terminal).

Scheduled runs and logs stay clean: off a terminal this yields the items and
prints nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def progress(items: Iterable[T], label: str, total: int | None = None, *, stream=None) -> Iterator[T]:
    stream = stream or sys.stderr
    if not getattr(stream, "isatty", lambda: False)():
        yield from items
        return
    if total is None and hasattr(items, "__len__"):
        total = len(items)  # type: ignore[arg-type]
    count = 0
    for item in items:
        count += 1
        stream.write(f"\r{label}: {count}" + (f"/{total}" if total else "") + " ")
        stream.flush()
        yield item
    stream.write("\r" + " " * (len(label) + 24) + "\r")
    stream.flush()
