#!/usr/bin/env python3
"""Language detection of short comments: precision and coverage per length bucket.

    .venv/bin/python bench/language_bench.py [--out bench/language_results.md]

Runs :class:`ldwg_bot.feedback.language.Detector` (py3langid, full model) over
``bench/language_comments.tsv`` -- comments written for this project, 20-400
characters, 28 languages -- twice:

1. **Threshold of the plausible languages**: with 14 languages of the set (and
   the wiki's ``en``) plausible, which is harder than a real group with a few
   languages, the best plausible language per threshold. Per length bucket:
   precision (accepted detections that are right / accepted detections) and
   coverage (right / comments in a plausible language). The chosen threshold is
   the lowest one whose precision is at least 98 % in every bucket;
   ``DEFAULT_THRESHOLD`` in ``language.py`` holds it.
2. **Languages outside the set** (issue 25): an English talk page of a group
   whose languages are es, ar, bn and fr; every other language of the set is
   outside it. The old rule (plausible languages only) against the rule that
   also keeps the best language overall when its probability reaches T over at
   least L letters, per length bucket in letters, with precision and recall of
   in-set and out-of-set labels. Chosen: among the (T, L) of the grid whose
   in-set and out-of-set precision is at least 98 % in every bucket, *and* stays
   so at the next lower T (one step of margin), the one with the highest
   out-of-set recall (ties: the stricter). ``OUTSIDE_THRESHOLD`` and
   ``OUTSIDE_MIN_LETTERS`` in ``language.py`` hold it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ldwg_bot.feedback.language import (  # noqa: E402
    DEFAULT_THRESHOLD,
    OUTSIDE_MIN_LETTERS,
    OUTSIDE_THRESHOLD,
    Detector,
    Judgement,
    own_words,
)

BUCKETS = ((20, 50), (51, 100), (101, 400))
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
    errors = [
        (code, text, det, round(p or 0, 3))
        for (code, text), (_, _, det, p) in zip(rows, judged, strict=True)
        if det != code
    ]
    return {
        "codes": codes,
        "table": table,
        "errors": errors,
        "n": len(rows),
        "outside": sorted({c for c, _ in rows} - PLAUSIBLE),
    }


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
    lines = [
        f"Comments: {result['n']}; plausible: {', '.join(result['codes'])} ({len(result['codes'])}); "
        f"outside the set, where any acceptance is an error: {', '.join(result['outside'])}.",
        "Cells: precision (right / accepted, all comments) / coverage (accepted / comments in a "
        "plausible language), per length bucket in characters.",
        "",
        "| threshold | "
        + " | ".join(f"{n} (n={table[(0.0, n)][0]}+{table[(0.0, n)][1]})" for n in names)
        + " |",
        "|---|" + "---|" * len(names),
    ]
    for t in THRESHOLDS:
        cells = []
        for n in names:
            inside, _, acc, right = table[(t, n)]
            prec = f"{100 * right / acc:.1f}%" if acc else "–"
            cells.append(f"{prec} / {100 * right / inside:.1f}%")
        lines.append(f"| {t:.2f} | " + " | ".join(cells) + " |")
    lines += [
        "",
        f"Chosen: {choose(table):.2f} (lowest with >= {TARGET:.0%} precision in every bucket); "
        f"ldwg_bot uses {DEFAULT_THRESHOLD:.2f}.",
        "",
        "Wrong best-plausible languages (before the threshold):",
        "",
    ]
    lines += [f"- {code} → {det} ({p}): {_short(text)}" for code, text, det, p in result["errors"]] or [
        "- none"
    ]
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------ 2. outside the set

#: An English talk page of a group whose ``languages`` are these (the wiki's ``en`` first).
GROUP = ("en", "es", "ar", "bn", "fr")
PAGE_LANGUAGE = "en"
LETTER_BUCKETS = ((0, 39), (40, 79), (80, 159), (160, None))
OUTSIDE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
LETTERS_GRID = (10, 20, 30, 40)
#: The rule before issue 25: a language outside the set is never accepted.
OLD_RULE = None


def letter_bucket(n: int) -> str:
    for lo, hi in LETTER_BUCKETS:
        if n >= lo and (hi is None or n <= hi):
            return f"<{hi + 1}" if lo == 0 else (f"{lo}–{hi}" if hi is not None else f"{lo}+")
    raise ValueError(n)


LETTER_NAMES = [letter_bucket(lo) for lo, _ in LETTER_BUCKETS]


def judge_group(rows: list[tuple[str, str]]) -> list[tuple[str, Judgement]]:
    """(true code, the model's judgement) for each comment, ranked once."""
    detector = Detector(GROUP)
    return [(code, detector.judge(own_words(text), [PAGE_LANGUAGE])) for code, text in rows]


def label(j: Judgement, rule: tuple[float, int] | None) -> str | None:
    """The accepted label under ``rule`` ((T, L), or None for the old rule): Detector's own rule."""
    t, n = (float("inf"), 0) if rule is None else rule
    code, _ = Detector(GROUP, outside_threshold=t, outside_min_letters=n).accept(j, [PAGE_LANGUAGE])
    return code


def score(judged: list[tuple[str, Judgement]], rule: tuple[float, int] | None) -> dict:
    """Per letter bucket and for "all": counts behind precision and recall, in and out of the set."""
    cells: dict = {}
    for name in LETTER_NAMES + ["all"]:
        c = dict.fromkeys(("in_n", "in_acc", "in_right", "out_n", "out_acc", "out_right"), 0)
        for code, j in judged:
            if name != "all" and letter_bucket(j.letters) != name:
                continue
            got, side = label(j, rule), "in" if code in GROUP else "out"
            c[f"{side}_n"] += 1
            if got is not None:
                got_side = "in" if got in GROUP else "out"
                c[f"{got_side}_acc"] += 1
                c[f"{got_side}_right"] += got == code
        cells[name] = c
    return cells


def passes(cells: dict) -> bool:
    return all(c[f"{s}_right"] >= TARGET * c[f"{s}_acc"] for c in cells.values() for s in ("in", "out"))


def choose_outside(judged: list[tuple[str, Judgement]]) -> tuple[tuple[float, int], dict]:
    """The (T, L) rule of the module doc, and every grid cell's scores."""
    grid = {(t, n): score(judged, (t, n)) for t in OUTSIDE_GRID for n in LETTERS_GRID}
    ok = [
        (t, n)
        for i, t in enumerate(OUTSIDE_GRID[1:], start=1)
        for n in LETTERS_GRID
        if passes(grid[(t, n)]) and passes(grid[(OUTSIDE_GRID[i - 1], n)])
    ]
    if not ok:
        raise RuntimeError("no rule on the grid reaches the target precision")
    best = max(ok, key=lambda r: (grid[r]["all"]["out_right"], r[0], r[1]))
    return best, grid


def _short(text: str, width: int = 90) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _pct(num: int, den: int) -> str:
    return f"{100 * num / den:.1f}%" if den else "–"


def render_outside(rows: list[tuple[str, str]]) -> str:
    judged = judge_group(rows)
    rule, grid = choose_outside(judged)
    counts = {n: (c["in_n"], c["out_n"]) for n, c in score(judged, OLD_RULE).items()}
    outside = sorted({c for c, _ in rows} - set(GROUP))
    lines = [
        f"English talk page; group languages {', '.join(GROUP[1:])} (with the wiki's en: the set); "
        f"{len(outside)} languages outside it: {', '.join(outside)}.",
        "Buckets: letters of the comment's own words (n = in-set + out-of-set comments). Cells: "
        "precision (right / accepted with such a label) / recall (right / such comments).",
        "",
        "| rule | labels | "
        + " | ".join(f"{n} (n={counts[n][0]}+{counts[n][1]})" for n in LETTER_NAMES + ["all"])
        + " |",
        "|---|---|" + "---|" * (len(LETTER_NAMES) + 1),
    ]
    for name, r in (
        ("old: plausible only", OLD_RULE),
        (f"new: outside from {rule[0]:.2f}, >= {rule[1]} letters", rule),
    ):
        cells = score(judged, r) if r is None else grid[r]
        for side in ("in", "out"):
            row = [
                f"{_pct(c[f'{side}_right'], c[f'{side}_acc'])} / {_pct(c[f'{side}_right'], c[f'{side}_n'])}"
                for c in (cells[n] for n in LETTER_NAMES + ["all"])
            ]
            lines.append(f"| {name} | {side}-set | " + " | ".join(row) + " |")
    lines += [
        "",
        "Grid (outside labels: lowest precision over the buckets / recall, all comments; "
        "in-set labels do not depend on T and L):",
        "",
        "| T \\ L | " + " | ".join(str(n) for n in LETTERS_GRID) + " |",
        "|---|" + "---|" * len(LETTERS_GRID),
    ]
    for t in OUTSIDE_GRID:
        row = []
        for n in LETTERS_GRID:
            cells = grid[(t, n)]
            worst = min((c["out_right"] / c["out_acc"] for c in cells.values() if c["out_acc"]), default=1.0)
            row.append(f"{100 * worst:.1f}% / {_pct(cells['all']['out_right'], cells['all']['out_n'])}")
        lines.append(f"| {t:.2f} | " + " | ".join(row) + " |")
    wrong = [(code, j) for code, j in judged if (got := label(j, rule)) is not None and got != code]
    lines += [
        "",
        f"Chosen: T = {rule[0]:.2f}, L = {rule[1]} (>= {TARGET:.0%} precision in every bucket, in and "
        f"out of the set, also one step lower); ldwg_bot uses T = {OUTSIDE_THRESHOLD:.2f}, "
        f"L = {OUTSIDE_MIN_LETTERS}.",
        "",
        "Wrong labels under the chosen rule:",
        "",
    ]
    lines += [f"- {code} → {label(j, rule)} ({j.letters} letters)" for code, j in wrong] or ["- none"]
    return "\n".join(lines) + "\n"


def render_all(rows: list[tuple[str, str]]) -> str:
    """The whole of language_results.md."""
    return (
        "# Language detection of short comments\n\n## 1. Threshold of the plausible languages\n\n"
        + render(measure(rows))
        + "\n## 2. Languages outside the group's set\n\n"
        + render_outside(rows)
    )


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
    text = render_all(load(Path(args.data)))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
