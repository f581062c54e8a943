"""Wrong-parent rate on real-sized generated talk pages (issue 13 goal: at most 0.5 %).

Pages come from ``tests/unit/feedback/threadgen.py``: threads written as
people write them, each comment knowing the comment it answers, with a share
of the three shapes that broke threading on big real pages (a line that
renders nothing before a reply, a postscript signed again, signatures in
``<samp>``). The rate is the share of comments whose ``parent_id`` is not
the comment they answer.

Usage: ``python bench/threading_rate.py [--size 250000] [--pages 10] [--rate 0.04]``
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ldwg_bot.feedback import WikiConventions, parse_comments  # noqa: E402
from tests.unit.feedback import threadgen  # noqa: E402

GOAL = 0.005  # at most this share of wrong parents


def measure(size: int = 250_000, pages: int = 10, rate: float = 0.04) -> dict:
    """Wrong parents over ``pages`` generated pages of ``size`` bytes (seeds 1..pages)."""
    conv = WikiConventions.default_english()
    total, wrong, patterns = 0, 0, Counter()
    for seed in range(1, pages + 1):
        text, written = threadgen.talk_page(size, seed, rate)
        bad = threadgen.wrong_parents(parse_comments(text, conv), written)
        total += len(written)
        wrong += len(bad)
        patterns.update(w.pattern or "plain" for w in written)
    return {
        "pages": pages,
        "size": size,
        "rate": rate,
        "comments": total,
        "wrong": wrong,
        "wrong_pct": 100 * wrong / total if total else 0.0,
        "patterns": dict(sorted(patterns.items())),
        "pass": wrong <= GOAL * total,
    }


def summary(m: dict) -> str:
    return (
        f"{m['pages']} pages of {m['size'] / 1000:.0f} KB, {m['comments']} comments "
        f"({', '.join(f'{k} {v}' for k, v in m['patterns'].items())}): "
        f"{m['wrong']} wrong parents = {m['wrong_pct']:.2f} %"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=250_000)
    ap.add_argument("--pages", type=int, default=10)
    ap.add_argument("--rate", type=float, default=0.04, help="share of comments with each pattern")
    args = ap.parse_args(argv)
    m = measure(args.size, args.pages, args.rate)
    print(summary(m))
    return 0 if m["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
