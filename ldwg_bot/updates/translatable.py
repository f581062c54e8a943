"""Translation units: Translate markup around blocks, with stable unit numbers.

Layout (Meta-Wiki's internationalization guidelines, Translate REL1_39):

* headings and paragraphs are *block units*: consecutive ones share one
  ``<translate>`` block, separated by blank lines; a heading's marker follows
  it on its line (``=== Goals === <!--T:3-->``), a paragraph's marker is on
  the line before it -- the two places Translate itself writes markers;
* each list item and each table cell is an *inline unit* with the list or
  table markup outside: ``* <translate><!--T:4--> text</translate>``, so
  translators never touch ``*``/``#``/``|`` and one edited item outdates only
  that item;
* code blocks, rules and cells without words are not translated.

Unit numbers (:func:`assign_ids`): on re-publish each new unit is matched to
a unit of the previous text -- first unchanged text (in order, via difflib),
then moved unchanged text, then the most similar changed unit between its
matched neighbours -- and keeps that unit's number, so Translate keeps the
translations or marks them outdated. Units without a match get fresh numbers
above the highest number anywhere on the page *and* above the high-water
mark the caller keeps, so a deleted unit's number (and its old translations)
never comes back.

Translate's rules this relies on are stated, with the upstream file and
branch, in ``tests/unit/updates/test_translate_rules.py``, and tested there
against what Translate REL1_39 recorded (marker places, unit definitions,
outdated units, rendering). Where the wiki has no Translate the same parts
are written as plain wikitext (:mod:`.plain`).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .markdown import Block, Heading, ListBlock, Paragraph, Quote, Raw, Table

SIMILAR = 0.6  # difflib ratio from which a changed unit keeps its number
_MARKER_RE = re.compile(r"<!--T:(.*?)-->")
_NUMBER_RE = re.compile(r"<!--T:(\d+)-->")
_TRANSLATE_RE = re.compile(r"<translate(?: nowrap)?>(.*?)</translate>", re.S)
_NOWIKI_RE = re.compile(r"<nowiki>.*?</nowiki>", re.S)


@dataclass(frozen=True)
class Unit:
    """A unit read from a page: its marker id (None when unmarked) and text."""

    id: str | None
    text: str


@dataclass(frozen=True)
class Slot:
    """A unit to be numbered; ``inline`` units carry their own tags."""

    text: str
    inline: bool = False


class Wrap(str):
    """Translate's own lines around block units (``<translate>``): left out of plain text."""


OPEN = Wrap("<translate>\n")
CLOSE = Wrap("\n</translate>")

Part = str | Slot

# ---------------------------------------------------------------- reading


def parse_units(text: str) -> list[Unit]:
    """The units of ``text`` as Translate's TranslatablePageParser sees them.

    ``<nowiki>`` is armoured first; each ``<translate>`` block is split at
    blank lines; a marker at the start of a unit or at the end of a line is
    removed from the unit text.
    """
    armour: dict[str, str] = {}

    def hide(m: re.Match[str]) -> str:
        key = f"\x7fNOWIKI{len(armour)}\x7f"
        armour[key] = m.group(0)
        return key

    def unhide(s: str) -> str:
        for key, value in armour.items():
            s = s.replace(key, value)
        return s

    units: list[Unit] = []
    for block in _TRANSLATE_RE.finditer(_NOWIKI_RE.sub(hide, text)):
        for part in re.split(r"\s*\n\n\s*", block.group(1).strip()):
            if not part.strip():
                continue
            part = unhide(part)
            ids = _MARKER_RE.findall(part)
            body = re.sub(r"^<!--T:(.*?)-->( |\n)", "", part, count=1)
            body = re.sub(r"\s*<!--T:(.*?)-->$", "", body, flags=re.M)
            units.append(Unit(ids[0] if ids else None, body))
    return units


def max_unit_id(text: str) -> int:
    """Highest numeric ``<!--T:n-->`` in ``text``; 0 when there is none."""
    return max((int(n) for n in _NUMBER_RE.findall(text)), default=0)


# -------------------------------------------------------------- numbering


def assign_ids(new_texts: list[str], old: list[Unit], first_free: int) -> tuple[list[str], int]:
    """An id for each new unit text, and the next free number.

    Old units keep their id when matched (see the module docstring); ids are
    never given twice.
    """
    old_texts = [u.text for u in old]
    match: dict[int, int] = {}  # new index -> old index
    matcher = difflib.SequenceMatcher(None, old_texts, new_texts, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            match[block.b + k] = block.a + k
    used = set(match.values())
    for i, text in enumerate(new_texts):  # moved, unchanged
        if i not in match:
            j = next((j for j, t in enumerate(old_texts) if j not in used and t == text), None)
            if j is not None:
                match[i] = j
                used.add(j)
    for i, text in enumerate(new_texts):  # changed, in place
        if i in match:
            continue
        lo = max((match[k] for k in match if k < i), default=-1)
        hi = min((match[k] for k in match if k > i), default=len(old))
        best, best_ratio = None, SIMILAR
        for j in range(lo + 1, hi):
            if j in used:
                continue
            ratio = difflib.SequenceMatcher(None, old_texts[j], text, autojunk=False).ratio()
            if ratio >= best_ratio:
                best, best_ratio = j, ratio
        if best is not None:
            match[i] = best
            used.add(best)

    ids: list[str] = []
    given: set[str] = set()
    next_free = first_free
    for i in range(len(new_texts)):
        old_id = old[match[i]].id if i in match else None
        if old_id is None or old_id in given:
            old_id = str(next_free)
            next_free += 1
        given.add(old_id)
        ids.append(old_id)
    return ids, next_free


def number(parts: Iterable[Part], existing: str | None, page_text: str, high_water: int) -> tuple[str, int]:
    """Join ``parts``, writing each :class:`Slot` as a marked unit.

    ``existing``: the previous text of the same bot section (its units keep
    their numbers); ``page_text``: the whole page (new numbers go above its
    highest); ``high_water``: highest number ever given on this page, kept by
    the caller. Returns the text and the new high-water mark to store.
    """
    parts = list(parts)
    slots = [p for p in parts if isinstance(p, Slot)]
    first_free = max(max_unit_id(page_text), max_unit_id(existing or ""), high_water) + 1
    ids, next_free = assign_ids([s.text for s in slots], parse_units(existing or ""), first_free)
    out, k = [], 0
    for part in parts:
        if isinstance(part, Slot):
            out.append(mark(part, ids[k]))
            k += 1
        else:
            out.append(part)
    return "".join(out), max(first_free - 1, next_free - 1)


def mark(slot: Slot, unit_id: str) -> str:
    """A slot with its marker where Translate expects it."""
    if slot.inline:
        return f"<translate><!--T:{unit_id}--> {slot.text}</translate>"
    first, sep, rest = slot.text.partition("\n")
    if _is_heading(first):
        return f"{first} <!--T:{unit_id}-->{sep}{rest}"
    return f"<!--T:{unit_id}-->\n{slot.text}"


def _is_heading(line: str) -> bool:
    return len(line) > 2 and line.startswith("=") and line.rstrip().endswith("=")


# ------------------------------------------------------------- skeletons


def skeleton(blocks: list[Block]) -> list[Part]:
    """Blocks -> parts: raw wikitext and slots, chunks joined by blank lines."""
    chunks: list[list[Part]] = []
    group: list[Slot] = []

    def flush() -> None:
        if group:
            chunk: list[Part] = [OPEN]
            for n, slot in enumerate(group):
                chunk += (["\n\n"] if n else []) + [slot]
            chunks.append(chunk + [CLOSE])
            group.clear()

    for block in blocks:
        if isinstance(block, Heading):
            bar = "=" * block.level
            group.append(Slot(f"{bar} {block.text} {bar}"))
        elif isinstance(block, Paragraph):
            group.append(Slot(block.text))
        else:
            flush()
            chunks.append(_lines(block))
    flush()
    parts: list[Part] = []
    for n, chunk in enumerate(chunks):
        parts += (["\n\n"] if n else []) + chunk
    return parts


def _lines(block: Block) -> list[Part]:
    if isinstance(block, ListBlock):
        parts: list[Part] = []
        for n, item in enumerate(block.items):
            parts.append(("\n" if n else "") + item.prefix)
            if item.text:
                parts += [" ", Slot(item.text, inline=True)]
        return parts
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Quote):
        return ["<blockquote>\n"] + skeleton(list(block.blocks)) + ["\n</blockquote>"]
    if isinstance(block, Raw):
        return [block.text]
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table) -> list[Part]:
    parts: list[Part] = ['{| class="wikitable"']
    for n, row in enumerate(table.rows):
        if n:
            parts.append("\n|-")
        for cell in row:
            parts.append("\n" + ("!" if cell.header else "|"))
            if cell.align:
                parts.append(f' style="text-align:{cell.align}" |')
            if cell.text:
                parts += [" ", Slot(cell.text, inline=True) if cell.translatable else cell.text]
    parts.append("\n|}")
    return parts
