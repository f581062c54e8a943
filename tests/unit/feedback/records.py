"""Comment records for tests, written as dicts (the fields a test cares about) and made typed here.

The package passes :class:`~ldwg_bot.feedback.record.CommentRecord` (into the store) and
:class:`~ldwg_bot.feedback.record.StoredComment` (back out); tests keep their short dict
literals and ``|`` merges, and turn them into records at the call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import fields

from ldwg_bot.feedback import summary
from ldwg_bot.feedback.record import CommentRecord, Link, StoredComment

_STORED = {f.name for f in fields(StoredComment)}
_INCOMING = {f.name for f in fields(CommentRecord)}
#: What a stored row has that a test rarely spells out.
_ROW_DEFAULTS = {
    "wiki": "w",
    "source": "wiki",
    "page": "",
    "status": "new",
    "first_seen": "2022-08-01T12:00:00Z",
    "changed": "2022-08-01T12:00:00Z",
}


def link(d: Mapping) -> Link:
    return Link(d.get("part", ""), d.get("method", ""), d.get("language", ""), d.get("matched", ""))


def stored(d: Mapping) -> StoredComment:
    """A stored comment from a dict of its columns (unknown keys are an error)."""
    unknown = set(d) - _STORED
    assert not unknown, f"not a StoredComment field: {sorted(unknown)}"
    values = {**_ROW_DEFAULTS, **d}
    values["draft_parts"] = tuple(link(p) for p in d.get("draft_parts") or ())
    return StoredComment(**values)


def incoming(d: Mapping) -> CommentRecord:
    """A comment record from a dict of its fields (unknown keys are an error)."""
    unknown = set(d) - _INCOMING
    assert not unknown, f"not a CommentRecord field: {sorted(unknown)}"
    return CommentRecord(**d)


def render_summary(rows: Iterable[Mapping], *args, **kwargs) -> str:
    return summary.render_summary([stored(r) for r in rows], *args, **kwargs)


def threads(rows: Iterable[Mapping]) -> list[summary.Thread]:
    return summary.threads([stored(r) for r in rows])
