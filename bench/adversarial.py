"""Adversarial pages: no input may make ``parse_comments`` slower than linear.

Each generator writes a page of about N bytes that once made the parser
quadratic (or could): repeated equal headings (anchor ``_2``, ``_3`` ...
numbering), unclosed ``<!--``, unclosed ``<ref>``/``<nowiki>``/``<pre>``,
unclosed ``{{unsigned|`` and ``{{``, lists nested thousands deep, and pages
that are one single line. Every page also carries real signed comments, so
the whole pass runs (masking, signatures, threading, ids).

For each generator and size (100 KB, 1 MB, 5 MB) the best of N runs is
reported as seconds per MB beside an ordinary generated talk page of the
same size (``talkgen.talk_page``); the goal is at most 2x at every size.
Time per MB follows the number of comments per MB (each costs the same), so
the generators write about as many comments per MB as the ordinary page,
except "repeated headings, dense", which shows the effect of 2.4 times as many.

Usage: ``python bench/adversarial.py [--sizes 100000,1000000,5000000] [--out FILE.md]``
(exit 1 when a ratio is over 2).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import talkgen  # noqa: E402
from parser_bench import best  # noqa: E402

from ldwg_bot.feedback import parse_comments  # noqa: E402


def _sig(i: int) -> str:
    user = f"User {i % 37}"
    return (
        f"[[User:{user}|{user}]] ([[User talk:{user}|talk]]) {i % 24:02d}:{i % 60:02d}, 1 August 2022 (UTC)"
    )


def _fill(unit, size: int) -> str:
    out, total, i = [], 0, 0
    while total < size:
        piece = unit(i)
        out.append(piece)
        total += len(piece.encode())
        i += 1
    return "".join(out)


GENERATORS = {
    # 23 s for 80 KB before: every equal heading counted its _N suffix up from 2. A signed
    # comment every 20 headings: as many comments per MB as the ordinary page
    "repeated headings": lambda n: _fill(
        lambda i: "== Same ==\n" + (f"Note. {_sig(i)}\n" if i % 20 == 0 else ""), n
    ),
    # the same with a comment every 8 headings: 2.4 times the ordinary page's comments per MB
    "repeated headings, dense": lambda n: _fill(
        lambda i: "== Same ==\n" + (f"Note. {_sig(i)}\n" if i % 8 == 0 else ""), n
    ),
    # 39 s for 160 KB inside mwparserfromhell
    "unclosed comments": lambda n: _fill(lambda i: f"Point {i}. {_sig(i)}\n" if i < 50 else "<!--", n),
    "unclosed ref/nowiki/pre": lambda n: _fill(
        lambda i: f"Point {i}. {_sig(i)}\n" if i % 200 == 0 else ("<ref>", "<nowiki>", "<pre>")[i % 3], n
    ),
    "unclosed templates": lambda n: _fill(
        lambda i: f"Point {i}. {_sig(i)}\n" if i % 200 == 0 else ("{{unsigned|", "{{", "{{od|")[i % 3], n
    ),
    "deeply nested lists": lambda n: _fill(lambda i: ":" * (i % 3000) + f"Reply {i}. {_sig(i)}\n", n),
    # as many comments per MB as an ordinary page, but not one line break
    "one-line page": lambda n: _fill(
        lambda i: f"Words of comment {i}, no line break, ''bold'' and [[a link]]. " * 6 + f"{_sig(i)} ", n
    ),
    "one-line unclosed links": lambda n: _fill(lambda i: "[[User:" if i % 50 else f" {_sig(i)} ", n),
}


def run(sizes: list[int], log=print) -> list[dict]:
    conv = talkgen.conventions("en")
    rows = []
    for size in sizes:
        repeat = 3 if size <= 1_000_000 else 2
        ordinary, _ = talkgen.talk_page(size, "en")
        base = best(lambda ordinary=ordinary: parse_comments(ordinary, conv), repeat) / (
            len(ordinary.encode()) / 1e6
        )
        log(f"{size / 1e6:>5.1f} MB  ordinary talk page: {base:.3f} s/MB")
        for name, gen in GENERATORS.items():
            text = gen(size)
            mb = len(text.encode()) / 1e6
            found = len(parse_comments(text, conv))
            per_mb = best(lambda text=text: parse_comments(text, conv), repeat) / mb
            row = {
                "generator": name,
                "bytes": len(text.encode()),
                "comments": found,
                "s_per_mb": per_mb,
                "ordinary_s_per_mb": base,
                "ratio": per_mb / base,
            }
            rows.append(row)
            log(
                f"{size / 1e6:>5.1f} MB  {name:<26} {per_mb:.3f} s/MB  ratio {per_mb / base:.2f}  "
                f"({found} comments)"
            )
    return rows


def markdown(rows: list[dict]) -> str:
    lines = ["| page | size | s/MB | ordinary s/MB | ratio | comments |", "|---|---:|---:|---:|---:|---:|"]
    for r in rows:
        lines.append(
            f"| {r['generator']} | {r['bytes'] / 1e6:.1f} MB | {r['s_per_mb']:.3f} | "
            f"{r['ordinary_s_per_mb']:.3f} | {r['ratio']:.2f} | {r['comments']} |"
        )
    return "\n".join(lines) + "\n"


def document(rows: list[dict], when: str) -> str:
    """``bench/adversarial.md``: the table with when and how it was measured."""
    return (
        f"# Adversarial pages: seconds per MB (bench/adversarial.py)\n\n{when}. Best of 3 (100 KB, 1 MB) "
        'or 2 (5 MB) runs. "ordinary" is `talkgen.talk_page` of the same size. Goal: at most 2x; '
        '"repeated headings, dense" has 2.4 times the ordinary page\'s comments per MB and is shown, '
        "not held to it. On a shared machine figures vary by about ±40 % between runs.\n\n" + markdown(rows)
    )


def passed(rows: list[dict]) -> bool:
    return all(r["ratio"] <= 2 for r in rows if "dense" not in r["generator"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000,1000000,5000000")
    ap.add_argument("--out", help="also write the table to this Markdown file")
    args = ap.parse_args(argv)
    rows = run([int(s) for s in args.sizes.split(",")])
    print(markdown(rows))
    if args.out:
        when = time.strftime("One run (bench/adversarial.py) on %Y-%m-%d %H:%M UTC", time.gmtime())
        Path(args.out).write_text(document(rows, when), encoding="utf-8")
    return 0 if passed(rows) else 1


if __name__ == "__main__":
    sys.exit(main())
