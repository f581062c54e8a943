"""Batching of titles and following continuations for the API (pure; no pywikibot import, so job modules can
use it before the CLI has pointed pywikibot at its configuration folder)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence

#: Titles per request: the API's limit for clients without ``apihighlimits``.
BATCH = 50


def chunks(items: Sequence[str], size: int = BATCH) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])


def follow(request: Callable[[dict], dict], params: Mapping) -> Iterator[dict]:
    """One API query and its continuation, answer by answer: the project's one continuation
    loop (``Wiki.query`` runs it over the wiki's requests; readers that count their requests
    hand it their own counting ``request``)."""
    cont: dict = {}
    while True:
        data = request({**params, **cont})
        yield data
        if "continue" not in data:
            return
        cont = data["continue"]
