#!/usr/bin/env python3
"""Language detection of short comments: precision and coverage per length bucket.

    .venv/bin/python bench/language_bench.py [--out bench/language_results.md]

Runs :class:`ldwg_bot.feedback.language.Detector` (py3langid, full model, best
plausible language) over ``bench/language_comments.tsv`` -- comments written
for this project, 20-300 characters, 14 languages -- with every language of
the set (and the wiki's ``en``) plausible, which is harder than a real group
with a few languages. For each threshold it counts, per length bucket:

* precision: accepted detections that are right / accepted detections;
* coverage: accepted detections / comments.

The chosen threshold is the lowest one whose precision is at least 98 % in
every bucket; ``DEFAULT_THRESHOLD`` in ``language.py`` holds it.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ldwg_bot.feedback.language import DEFAULT_THRESHOLD, Detector, own_words  # noqa: E402

BUCKETS = ((20, 50), (51, 100), (101, 300))
#: The languages of the test set a group might expect (the others are distractors).
PLAUSIBLE = {"en", "es", "pt", "fr", "de", "id", "sw", "ru", "ar", "fa", "ckb", "ur", "hi", "bn"}
THRESHOLDS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99)
TARGET = 0.98


def load(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, text = line.split("\t", 1)
            rows.append((code, text))
    return rows


def bucket(text: str) -> str:
    n = len(text)
    for lo, hi in BUCKETS:
        if lo <= n <= hi:
            return f"{lo}–{hi}"
    return "other"


def measure(rows: list[tuple[str, str]]) -> dict:
    codes = sorted(PLAUSIBLE)
    detector = Detector(codes)
    judged = [(code, bucket(text), *detector.best(own_words(text))) for code, text in rows]
    table: dict = {}
    for t in THRESHOLDS:
        for name in [f"{lo}–{hi}" for lo, hi in BUCKETS] + ["all"]:
            sel = [j for j in judged if name in ("all", j[1])]
            inside = [j for j in sel if j[0] in PLAUSIBLE]
            accepted = [j for j in sel if j[2] is not None and j[3] >= t]
            right = sum(1 for j in accepted if j[2] == j[0])
            table[(t, name)] = (len(inside), len(sel) - len(inside), len(accepted), right)
    errors = [(code, text, det, round(p or 0, 3)) for (code, text), (_, _, det, p)
              in zip(rows, judged) if det != code]
    return {"codes": codes, "table": table, "errors": errors, "n": len(rows),
            "outside": sorted({c for c, _ in rows} - PLAUSIBLE)}


def precision(cell: tuple) -> float | None:
    _, _, accepted, right = cell
    return right / accepted if accepted else None


def choose(table: dict) -> float:
    for t in THRESHOLDS:
        if all((precision(cell) or 1.0) >= TARGET for (tt, _), cell in table.items() if tt == t):
            return t
    return THRESHOLDS[-1]


def render(result: dict) -> str:
    table = result["table"]
    names = [f"{lo}–{hi}" for lo, hi in BUCKETS] + ["all"]
    lines = [f"Comments: {result['n']}; plausible: {', '.join(result['codes'])} ({len(result['codes'])}); "
             f"outside the set, where any acceptance is an error: {', '.join(result['outside'])}.",
             "Cells: precision (right / accepted, all comments) / coverage (accepted / comments in a "
             "plausible language), per length bucket in characters.", "",
             "| threshold | " + " | ".join(f"{n} (n={table[(0.0, n)][0]}+{table[(0.0, n)][1]})"
                                          for n in names) + " |",
             "|---|" + "---|" * len(names)]
    for t in THRESHOLDS:
        cells = []
        for n in names:
            inside, _, acc, right = table[(t, n)]
            prec = f"{100 * right / acc:.1f}%" if acc else "–"
            cells.append(f"{prec} / {100 * right / inside:.1f}%")
        lines.append(f"| {t:.2f} | " + " | ".join(cells) + " |")
    lines += ["", f"Chosen: {choose(table):.2f} (lowest with >= {TARGET:.0%} precision in every bucket); "
                  f"ldwg_bot uses {DEFAULT_THRESHOLD:.2f}.", "",
              "Wrong best-plausible languages (before the threshold):", ""]
    lines += [f"- {code} → {det} ({p}): {text}" for code, text, det, p in result["errors"]] or ["- none"]
    return "\n".join(lines) + "\n"


#: Child programs for :func:`model_memory`: the collect-feedback job's imports, then its first detection.
_IMPORTS = "import ldwg_bot.cli, ldwg_bot.feedback.job, ldwg_bot.wiki"
_MODEL = _IMPORTS + "; from ldwg_bot.feedback.language import _Model; _Model.rank('a few words to rank')"


def model_memory() -> dict:
    """Peak RSS (MB) of a child with collect-feedback's imports, without and with py3langid's
    model loaded (the model is loaded once a process, when the first comment is detected)."""
    sys.path.insert(0, str(HERE))
    from wikis import measure

    out = {}
    for what, code in (("imports", _IMPORTS), ("imports + model", _MODEL)):
        m = measure([sys.executable, "-c", code], cwd=HERE.parent)
        if m["returncode"] != 0:
            raise RuntimeError(f"language model memory child ({what}) exited {m['returncode']}")
        out[what] = m["maxrss_kb"] / 1024
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(HERE / "language_comments.tsv"))
    parser.add_argument("--out", default=str(HERE / "language_results.md"))
    args = parser.parse_args()
    text = render(measure(load(Path(args.data))))
    Path(args.out).write_text("# Language detection of short comments\n\n" + text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
