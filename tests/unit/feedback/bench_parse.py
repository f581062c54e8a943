"""Speed check (not a test): parse_comments vs mwparserfromhell.parse on ~1 MB.

Usage: python tests/unit/feedback/bench_parse.py [size_bytes]
Prints both timings and the ratio (goal: at most 2x).
"""

from __future__ import annotations

import random
import sys
import time

import mwparserfromhell

from ldwg_bot.feedback import WikiConventions, parse_comments

WORDS = (
    "the training module was useful and I think we should keep the group sessions but "
    "shorten the lecture part see [[Leadership Development]] and {{tl|example}} '''really''' "
    "<small>note</small> https://example.org/x "
).split()


def page(size: int, seed: int = 1) -> tuple[str, int]:
    rnd = random.Random(seed)
    out, n, users = [], 0, [f"User {i}" for i in range(40)] + ["192.0.2.1"]
    t = 0
    total = 0
    while total < size:
        out.append(f"\n== Topic {n} about ''feedback'' ==\n")
        level = 0
        for _ in range(rnd.randint(3, 12)):
            user = rnd.choice(users)
            t += rnd.randint(1, 300)
            day, minute = 1 + (t // 1440) % 28, t % 1440
            month = rnd.choice(["May", "June", "July"])
            ts = f"{minute // 60:02d}:{minute % 60:02d}, {day} {month} 2024 (UTC)"
            link = (
                f"[[Special:Contributions/{user}|{user}]]"
                if user[0].isdigit()
                else f"[[User:{user}|{user}]] ([[User talk:{user}|talk]])"
            )
            body = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(20, 160)))
            if rnd.random() < 0.2:
                body += "\n" + ":" * level + " " + " ".join(rnd.choice(WORDS) for _ in range(40))
            if rnd.random() < 0.05:
                out.append("{{outdent|" + ":" * level + "}}")
                level = 0
            out.append(":" * level + body + " " + link + " " + ts + "\n")
            n += 1
            level = max(0, min(level + rnd.choice([1, 1, 0, -1]), 8))
        total = sum(map(len, out))
    return "".join(out), n


def best(fn, repeat=5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    text, expected = page(size)
    conv = WikiConventions.default_english()
    found = len(parse_comments(text, conv))
    t_mw = best(lambda: mwparserfromhell.parse(text, skip_style_tags=True))
    t_us = best(lambda: parse_comments(text, conv))
    print(f"{len(text):,} chars, {expected} comments written, {found} found")
    print(f"mwparserfromhell.parse: {t_mw:.3f} s; parse_comments: {t_us:.3f} s; ratio {t_us / t_mw:.2f}x")
