#!/usr/bin/env python3
"""Links from comments to parts of the draft: precision and recall.

    .venv/bin/python bench/link_bench.py [--out bench/link_results.md]

Two sets, both against the example draft (``ldwg_bot/examples/devwiki/content*.wiki``,
English with its Spanish and Arabic translations):

* ``draft_talk.yaml`` -- the comments the integration test posts on the devwiki;
  its labels are what the rule must find (the test requires 100 %);
* ``bench/link_comments.yaml`` -- comments labelled by a reader with the part they
  discuss, including paraphrases and short quotes the rule cannot find and a long
  phrase of the draft reused for another purpose.

A link is a (comment, part) pair; quote and heading links count alike.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ldwg_bot.devwiki.seed import CONTENT_DIR  # noqa: E402
from ldwg_bot.feedback.draft import add_subpage, parts_from_blocks  # noqa: E402
from ldwg_bot.feedback.links import PartIndex  # noqa: E402


def draft_index() -> PartIndex:
    parts = parts_from_blocks((CONTENT_DIR / "content.wiki").read_text(encoding="utf-8"), "en")
    for lang in ("es", "ar"):
        add_subpage(parts, lang, (CONTENT_DIR / f"content.{lang}.wiki").read_text(encoding="utf-8"))
    return PartIndex(parts)


def devwiki_set() -> list[tuple[str, str, set[str]]]:
    out = []
    for page in yaml.safe_load((CONTENT_DIR / "draft_talk.yaml").read_text(encoding="utf-8")):
        for thread in page["threads"]:
            for c in thread["comments"]:
                out.append((thread["heading"], c["text"], set(c["expect"]["parts"])))
    return out


def bench_set() -> list[tuple[str, str, set[str]]]:
    rows = yaml.safe_load((HERE / "link_comments.yaml").read_text(encoding="utf-8"))
    return [(r["heading"], r["text"], set(r["parts"])) for r in rows]


def score(index: PartIndex, rows: list[tuple[str, str, set[str]]]) -> dict:
    got_n = want_n = right = 0
    misses, wrong = [], []
    for heading, text, want in rows:
        got = {ln.part for ln in index.link(text, heading)}
        got_n, want_n, right = got_n + len(got), want_n + len(want), right + len(got & want)
        misses += [(p, text) for p in sorted(want - got)]
        wrong += [(p, text) for p in sorted(got - want)]
    return {
        "comments": len(rows),
        "links": want_n,
        "found": got_n,
        "right": right,
        "precision": right / got_n if got_n else 1.0,
        "recall": right / want_n if want_n else 1.0,
        "misses": misses,
        "wrong": wrong,
    }


def render(results: dict[str, dict]) -> str:
    lines = [
        "| set | comments | links (labelled) | found | right | precision | recall |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['comments']} | {r['links']} | {r['found']} | {r['right']} | "
            f"{100 * r['precision']:.1f}% | {100 * r['recall']:.1f}% |"
        )
    for name, r in results.items():
        lines += ["", f"{name}: missed {len(r['misses'])}, wrong {len(r['wrong'])}"]
        lines += [f"- missed part {p}: {t}" for p, t in r["misses"]]
        lines += [f"- wrong part {p}: {t}" for p, t in r["wrong"]]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=str(HERE / "link_results.md"))
    args = parser.parse_args()
    index = draft_index()
    text = render(
        {
            "devwiki (draft_talk.yaml)": score(index, devwiki_set()),
            "hand-labelled (link_comments.yaml)": score(index, bench_set()),
        }
    )
    Path(args.out).write_text("# Links from comments to parts of the draft\n\n" + text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
