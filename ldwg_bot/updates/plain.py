"""Plain wikitext where Translate is absent, and the switch between the two forms.

Most wikis a working group uses (a chapter's wiki, a test wiki, Meta before
a page is marked) have no Translate extension; there ``<languages/>``,
``<translate>``, ``<!--T:n-->`` and ``<tvar>`` would show as literal text.
The renderers therefore build *parts* (raw wikitext, :class:`~.translatable.Slot`
units, :class:`~.translatable.Wrap` lines) once, and :func:`render` writes them
either with Translate markup and stable unit numbers or as plain wikitext.

A bot section already on a page can be switched too, so that a page is
never half one form and half the other:

* :func:`section_to_plain` removes the markup of a section the bot wrote
  with Translate; the result equals what :func:`render` writes in plain form
  for the same parts (a test checks this on the examples);
* :func:`section_to_translatable` reads a plain section back into blocks (as
  a wikitext draft is read) and numbers its units from scratch -- the units
  are numbered when Translate appears, never before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..text.markers import find_sections, get_section
from .translatable import Part, Slot, Wrap, number, skeleton
from .wikitext import strip_translate_markup, wikitext_blocks

_UNIT_MARKER_LINE = re.compile(r"<!--T:[^>]*-->")
_INLINE_UNIT = re.compile(r"<translate><!--T:[^>]*--> ?(.*?)</translate>")
_HEADING_MARKER = re.compile(r" ?<!--T:[^>]*-->$")
_WRAPPER_LINE = re.compile(
    r'<span id="[^"<>]*"></span>|<div class="[\w -]*"(?: data-ldwg-month="[\d-]*")?>'
    r"|</div>"
)


def render(
    parts: Iterable[Part], existing: str | None, page_text: str, high_water: int, translatable: bool = True
) -> tuple[str, int]:
    """Parts as Translate markup (numbered, see :func:`~.translatable.number`) or plain.

    The plain form gives no unit numbers, so the high-water mark is unchanged.
    """
    if translatable:
        return number(parts, existing, page_text, high_water)
    return plain(parts), high_water


def plain(parts: Iterable[Part]) -> str:
    """Join parts without Translate: wraps dropped, units as their text, tvars unwrapped."""
    out = []
    for part in parts:
        if isinstance(part, Slot):
            out.append(strip_translate_markup(part.text))
        elif not isinstance(part, Wrap):
            out.append(part)
    return "".join(out)


def is_translatable(section: str | None) -> bool:
    """Whether a bot section holds Translate markup (a ``<translate>`` tag or unit marker)."""
    if not section:
        return False
    return "<translate>" in section or _UNIT_MARKER_LINE.search(section) is not None


def section_to_plain(content: str) -> str:
    """A bot section written with Translate markup, as plain wikitext.

    Works on the layout :mod:`.translatable` writes: ``<translate>`` and
    ``</translate>`` on lines of their own, a paragraph's marker on the line
    before it, a heading's at its end, inline units wrapped whole.
    """
    lines = []
    for line in content.split("\n"):
        bare = line.strip()
        if bare in ("<translate>", "</translate>") or _UNIT_MARKER_LINE.fullmatch(bare):
            continue
        line = _INLINE_UNIT.sub(lambda m: m.group(1), line)
        lines.append(_HEADING_MARKER.sub("", line))
    return strip_translate_markup("\n".join(lines))


def section_to_translatable(
    content: str, page_text: str, high_water: int, base_level: int = 2
) -> tuple[str, int]:
    """A plain bot section with Translate markup, units numbered now.

    Its wrapper lines (the month's anchor ``<span>``, the box's ``<div>``)
    stay outside the units; the rest is read as a wikitext draft is.
    """
    lines = content.split("\n")
    head: list[str] = []
    tail: list[str] = []
    while lines and (not lines[0].strip() or _WRAPPER_LINE.fullmatch(lines[0].strip())):
        head.append(lines.pop(0))
    while lines and (not lines[-1].strip() or lines[-1].strip() == "</div>"):
        tail.insert(0, lines.pop())
    blocks = wikitext_blocks("\n".join(lines), base_level) if lines else []
    parts: list[Part] = []
    if head:
        parts.append("\n".join(head) + "\n")
    parts += skeleton(blocks)
    if tail:
        parts.append("\n" + "\n".join(tail))
    return number(parts, None, page_text, high_water)


def switch_section(content: str, translatable: bool, page_text: str, high_water: int) -> tuple[str, int]:
    """A bot section in the wanted form (unchanged when it already is)."""
    if is_translatable(content) == translatable:
        return content, high_water
    if translatable:
        return section_to_translatable(content, page_text, high_water)
    return section_to_plain(content), high_water


def use_translate(setting: str, installed: bool) -> bool:
    """``updates.translatable``: "yes"/"no" decide; "auto" follows whether the wiki has Translate."""
    return installed if setting == "auto" else setting == "yes"


def form_switched(old: str | None, new: str) -> bool:
    """Whether ``new`` has the bot's sections in the other form than ``old`` had them."""
    before = [get_section(old, n) or "" for n in find_sections(old)] if old else []
    after = [get_section(new, n) or "" for n in find_sections(new)]
    if not before or not after:
        return False
    return any(map(is_translatable, before)) != any(map(is_translatable, after))
