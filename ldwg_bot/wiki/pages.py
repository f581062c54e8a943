"""What a read or an edit gives back, and the pure checks on text that every save makes.

No pywikibot here: these are plain values and text rules, so the job code and the
tests can build and read them without a wiki.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..errors import LdwgError
from ..text import markers


@dataclass(frozen=True)
class PageState:
    """A page as read: latest text and the revision it belongs to."""

    title: str
    exists: bool
    text: str | None = None
    revid: int | None = None
    timestamp: str | None = None  # of the latest revision, ISO 8601 UTC
    user: str | None = None
    ns: int = 0
    raw: dict | None = field(default=None, repr=False, compare=False)  # the API's page object


@dataclass(frozen=True)
class EditResult:
    title: str
    changed: bool  # the text differs from what was on the wiki
    saved: bool  # an edit was made (False when unchanged or simulated)
    revid: int | None = None
    declined: bool = False  # the person at the terminal answered no


def unified_diff(title: str, old: str | None, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            (old or "").splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{title} (on the wiki)",
            tofile=f"{title} (ldwg-bot)",
            n=2,
        )
    )


def human_text_kept(old: str | None, new: str) -> bool:
    """True when every line a human wrote (outside bot sections) is still there, in order.

    Lines may be added outside the markers (a new month block, ``<languages/>``),
    never removed or changed. Blank lines are ignored.
    """
    if not old:
        return True

    def human_lines(text: str) -> list[str]:
        spans = sorted(markers.find_sections(text).values(), key=lambda s: s.start)
        parts, last = [], 0
        for s in spans:
            parts.append(text[last : s.start])
            last = s.end
        parts.append(text[last:])
        return [ln.rstrip() for ln in "\n".join(parts).splitlines() if ln.strip()]

    before, after = human_lines(old), human_lines(new)
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    return all(op in ("equal", "insert") for op, *_ in matcher.get_opcodes())


def interwiki_titles(query: dict) -> list[str]:
    """One line per title the API read as another wiki's page (its own interwiki map decides),
    named as it was asked for."""
    asked = {n["to"]: n["from"] for n in query.get("normalized", [])}
    return [
        f"{asked.get(iw['title'], iw['title'])}: '{iw['iw']}:' is an interwiki prefix on this wiki (a page "
        "of another "
        "wiki); give a page of this wiki in the configuration"
        for iw in query.get("interwiki", [])
    ]


class QuitError(LdwgError):
    """The person at the terminal answered 'quit' to a confirmation."""
