"""Batching of titles for the API (pure; no pywikibot import, so job modules can use it
before the CLI has pointed pywikibot at its configuration folder)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

#: Titles per request: the API's limit for clients without ``apihighlimits``.
BATCH = 50


def chunks(items: Sequence[str], size: int = BATCH) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i:i + size])
