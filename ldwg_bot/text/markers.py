"""Bot-owned sections: the only text the bot may change on a page it does not own.

A section is the text between ``<!-- ldwg-bot:NAME:start -->`` and
``<!-- ldwg-bot:NAME:end -->``. Everything outside the markers belongs to
humans and is returned byte for byte. The functions are pure (text in, text
out) so the safety rules can be tested and fuzzed without a wiki.

Markers are HTML comments as MediaWiki's preprocessor sees them, so a marker
quoted inside ``<nowiki>``/``<pre>`` or inside another comment is not a marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import MarkerError

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]*$")
_MARKER_RE = re.compile(r"^\s*ldwg-bot:([A-Za-z0-9][A-Za-z0-9_.\-/]*):(start|end)\s*$")


def start_marker(name: str) -> str:
    return f"<!-- ldwg-bot:{_check_name(name)}:start -->"


def end_marker(name: str) -> str:
    return f"<!-- ldwg-bot:{_check_name(name)}:end -->"


def _check_name(name: str) -> str:
    if not NAME_RE.match(name):
        raise ValueError(f"invalid bot section name {name!r}")
    return name


@dataclass(frozen=True)
class Span:
    """Offsets of one marked section: ``text[start:end]`` is the whole block
    including both markers; ``text[inner_start:inner_end]`` is the content."""

    name: str
    start: int
    inner_start: int
    inner_end: int
    end: int


# MediaWiki's preprocessor finds comments and extension tags lexically, left to
# right, before any other parsing; a marker must be a real comment in that
# sense, so it is found the same way (one compiled scan, linear in the page).
_LEXICAL_RE = re.compile(
    r"<!--(?P<comment>.*?)(?:-->|\Z)"
    r"|<(?P<tag>nowiki|pre|source|syntaxhighlight|math|score|templatedata)\b[^>]*?"
    r"(?:/>|>.*?(?:</(?P=tag)\s*>|\Z))",
    re.DOTALL | re.IGNORECASE,
)


def _marker_positions(text: str) -> list[tuple[str, str, int, int]]:
    """(name, kind, offset, end offset) of every real marker comment, in order."""
    found: list[tuple[str, str, int, int]] = []
    for m in _LEXICAL_RE.finditer(text):
        body = m.group("comment")
        if body is None:
            continue
        mm = _MARKER_RE.match(body)
        if mm:
            found.append((mm.group(1), mm.group(2), m.start(), m.end()))
    return found


def find_sections(text: str) -> dict[str, Span]:
    """All well-formed marked sections of ``text`` by name.

    Raises :class:`MarkerError` when a marker is duplicated, an end comes
    before its start, one of a pair is missing, or sections overlap; the bot
    then must not edit, because it cannot tell its text from a human's.
    """
    spans: dict[str, Span] = {}
    open_name: str | None = None
    open_at: tuple[int, int] = (0, 0)
    seen: set[tuple[str, str]] = set()
    for name, kind, pos, end in _marker_positions(text):
        if (name, kind) in seen:
            raise MarkerError(f"marker 'ldwg-bot:{name}:{kind}' appears more than once")
        seen.add((name, kind))
        if kind == "start":
            if open_name is not None:
                raise MarkerError(f"marker 'ldwg-bot:{name}:start' opens inside section '{open_name}'")
            open_name, open_at = name, (pos, end)
        else:
            if open_name != name:
                raise MarkerError(f"marker 'ldwg-bot:{name}:end' has no start before it")
            spans[name] = Span(name, open_at[0], open_at[1], pos, end)
            open_name = None
    if open_name is not None:
        raise MarkerError(f"marker 'ldwg-bot:{open_name}:start' has no end after it")
    return spans


def get_section(text: str, name: str) -> str | None:
    """Content between the markers of ``name``, or None when absent."""
    span = find_sections(text).get(name)
    return None if span is None else text[span.inner_start : span.inner_end]


def wrap(name: str, content: str) -> str:
    """A complete marked block; content sits on its own lines."""
    return f"{start_marker(name)}\n{content.strip(chr(10))}\n{end_marker(name)}"


def replace_section(text: str, name: str, content: str) -> str:
    """Replace the content of section ``name``; everything else is kept byte for byte.

    Raises :class:`MarkerError` when the section is missing, so a page the
    bot does not own is never edited by accident.
    """
    span = find_sections(text).get(name)
    if span is None:
        raise MarkerError(
            f"no 'ldwg-bot:{name}' section: add {start_marker(name)} and "
            f"{end_marker(name)} where the bot may write"
        )
    return text[: span.start] + wrap(name, content) + text[span.end :]


def upsert_section(
    text: str, name: str, content: str, *, where: str = "end", anchor: str | None = None
) -> str:
    """Replace section ``name``, or insert it when absent.

    For pages the bot owns or sections it may create: ``where`` is ``"end"``,
    ``"top"``, ``"before"`` or ``"after"`` (the last two relative to the
    section named ``anchor``). Existing text is never removed.
    """
    sections = find_sections(text)
    if name in sections:
        return replace_section(text, name, content)
    block = wrap(name, content)
    if where in ("before", "after"):
        if anchor is None or anchor not in sections:
            raise MarkerError(f"cannot place section '{name}' {where} missing section '{anchor}'")
        span = sections[anchor]
        if where == "before":
            return text[: span.start] + block + "\n\n" + text[span.start :]
        return text[: span.end] + "\n\n" + block + text[span.end :]
    if where == "top":
        return block + ("\n\n" + text if text else "\n")
    if where != "end":
        raise ValueError(f"unknown position {where!r}")
    if not text:
        return block + "\n"
    sep = "" if text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
    return text + sep + block + "\n"
