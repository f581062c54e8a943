"""Real-sized talk pages whose true reply structure is known (for threading tests and bench).

Threads are written the way people write them, and each comment records the
comment it answers. Besides ordinary indented replies, multi-line comments
and ``{{outdent}}``, a share of comments uses the three shapes that broke
threading on big real pages (issue 13):

* a line that renders nothing between a comment and the reply below it
  (``<div style="clear:both;"></div>``, ``<span></span><!-- ... -->``,
  ``{{clear}}``, a leftover ``|}``);
* a postscript signed again by the same person, on the same line or (for a
  top-level comment) on the next line of the same paragraph;
* users whose signature wraps the user link in ``<samp>`` and separates the
  timestamp with `` \\\\ ``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

USERS = (
    "Nadia K",
    "Tomás R",
    "Farida",
    "Arif Hossain",
    "Mira Santos",
    "Kofi A",
    "Émilie",
    "Ahmad Al-Sayed",
    "Lucía M",
    "Chen Wei",
    "Oluwaseun",
    "Anna-Lena",
    "Priya S",
    "Jon B",
)
SAMP_USERS = frozenset({"Kofi A", "Jon B"})
WORDS = (
    "the draft",
    "leadership",
    "mentoring",
    "small affiliates",
    "grant committees",
    "the survey",
    "shared leadership",
    "translation",
    "offline organisers",
    "the definition",
    "volunteers",
)
FILLERS = (
    '<div style="clear:both;"></div>',
    "<span></span><!-- moved here by a bot -->",
    "{{clear}}",
    "|}",
    '<span id="anchor"></span>',
    "{{-}}",
)


@dataclass
class Written:
    author: str
    parent: int | None  # index of the comment this one answers (None: top level)
    pattern: str  # "", "filler", "postscript", "samp", "outdent"
    when: datetime | None = None  # the (first) signature's time


def _sig(user: str, when: datetime) -> str:
    stamp = f"{when:%H:%M}, {when.day} {when:%B %Y} (UTC)"
    if user in SAMP_USERS:
        return f"<samp>[[User:{user}|{user}]]</samp> \\\\ {stamp}"
    return f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {stamp}"


def _sentence(rnd: random.Random) -> str:
    return f"I think {rnd.choice(WORDS)} should mention {rnd.choice(WORDS)}."


def talk_page(size: int, seed: int = 1, rate: float = 0.04) -> tuple[str, list[Written]]:
    """(wikitext of about ``size`` characters, the comments in page order with their true parents)."""
    rnd = random.Random(seed)
    out: list[str] = []
    written: list[Written] = []
    when = datetime(2024, 3, 1, 9, 0)
    total, thread = 0, 0
    while total < size:
        thread += 1
        out.append(f"\n== Topic {thread} on {rnd.choice(WORDS)} ==\n")
        by_depth: list[int] = []  # last comment index at each indentation in this thread
        depth, floor = 0, 0
        for k in range(rnd.randint(2, 14)):
            user = rnd.choice(USERS)
            when += timedelta(minutes=rnd.randint(1, 300))
            pattern, prefix = "", ""
            if k and depth == 0:
                out.append("\n")  # top-level comments come as paragraphs of their own
            if k and rnd.random() < rate:
                pattern = "filler"
                out.append(rnd.choice(FILLERS) + "\n")
            if k and depth >= 3 and not floor and rnd.random() < 0.05:
                # {{outdent}}: back to the margin, still answering the previous comment;
                # replies to it are indented from the margin again
                pattern, prefix, parent = "outdent", "{{od}} ", len(written) - 1
                by_depth, depth, floor = [len(written)], 0, 1
            else:
                parent = by_depth[depth - 1] if depth else None
                del by_depth[depth:]
                by_depth.append(len(written))
            indent = ":" * depth if depth < 4 or rnd.random() < 0.7 else "*" * depth
            text = " ".join(_sentence(rnd) for _ in range(rnd.randint(1, 3)))
            if rnd.random() < 0.15:
                text += "\n" + indent + _sentence(rnd)
            line = f"{indent}{prefix}{text} {_sig(user, when)}"
            if user in SAMP_USERS and not pattern:
                pattern = "samp"
            if rnd.random() < rate:
                pattern = pattern or "postscript"
                later = when + timedelta(minutes=rnd.randint(1, 90))
                gap = "\n" if depth == 0 and "\n" not in text and rnd.random() < 0.5 else " "
                line += f"{gap}P.S. {_sentence(rnd)} {_sig(user, later)}"
            out.append(line + "\n")
            written.append(Written(user, parent, pattern, when))
            total += len(line) + 1
            depth = max(floor, min(len(by_depth), depth + rnd.choice((1, 1, 0, -1, -2))))
    return "".join(out), written


def wrong_parents(comments, written: list[Written]) -> list[int]:
    """Indices of comments whose parent differs from the written one (or the count differs)."""
    if len(comments) != len(written) or any(
        c.author != w.author for c, w in zip(comments, written, strict=True)
    ):
        raise AssertionError(f"{len(comments)} comments read, {len(written)} written, or authors differ")
    return [
        i
        for i, (c, w) in enumerate(zip(comments, written, strict=True))
        if c.parent_id != (None if w.parent is None else comments[w.parent].id)
    ]
