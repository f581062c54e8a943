"""The one door to the wiki: every request the bot makes goes through this package.

Shaped like mwapi's ``Session`` (a small facade over a transport, here pywikibot):

* :mod:`.facade`  -- :class:`Wiki`: connect, log in; its methods come from the two halves:
* :mod:`.reads`   -- GETs (batched, continuation followed) and site facts (no request);
* :mod:`.save`    -- the save path: guards, ``userPut``, edit conflicts, ``baserevid``;
* :mod:`.pages`   -- what reads and edits give back (:class:`PageState`, :class:`EditResult`)
  and the pure text checks every save makes;
* :mod:`.startup` -- pywikibot's start-up: its folder, global args, -simulate's files;
* :mod:`.batch`, :mod:`.probe`, :mod:`.quiet` -- 50-title batches and continuation; the
  start-up probe and user agent; pywikibot's terminal output kept to what matters.

No module outside this package imports pywikibot (a test holds this). The names below are
loaded when first used, so importing ``ldwg_bot.wiki.startup`` or ``.batch`` does not
import pywikibot: the CLI must point pywikibot at its folder before that first import.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Wiki": "facade",
    "PageState": "pages",
    "EditResult": "pages",
    "QuitError": "pages",
    "human_text_kept": "pages",
    "unified_diff": "pages",
    "interwiki_titles": "pages",
    "BATCH": "batch",
    "chunks": "batch",
    "follow": "batch",
    "simulating": "startup",
    "start_pywikibot": "startup",
    "own_files_in": "startup",
    "default_site": "startup",
    "family_api_url": "startup",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Load an exported name from its module on first use (PEP 562)."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
