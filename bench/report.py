"""The benchmark's results as Markdown (bench/results.md), with the machine they were measured on."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import authorship_bench
import threading_rate
from api_requests import Results, diagnose
from seeding import LANGS
from wikis import classify, describe

ROOT = Path(__file__).resolve().parent.parent


def machine(mw_version: str, tmpfs: bool) -> dict:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass

    def version(mod: str) -> str:
        try:
            from importlib.metadata import version as v

            return v(mod)
        except Exception:  # noqa: BLE001
            return "?"

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "ldwg_bot"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
        commit += " (+ uncommitted changes in ldwg_bot/)" if dirty else ""
    except OSError:
        commit = "?"
    try:
        mem_kb = int(
            next(
                line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
            ).split()[1]
        )
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        mem = "?"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "platform": platform.platform(),
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory": mem,
        "python": platform.python_version(),
        "mediawiki": mw_version,
        "pywikibot": version("pywikibot"),
        "mwparserfromhell": version("mwparserfromhell"),
        "commit": commit,
        "wiki_storage": "tmpfs (/dev/shm)" if tmpfs else "disk",
    }


def fmt_mb(x: float) -> str:
    return f"{x:.0f} MB"


def table(head: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(res: Results, info: dict, elapsed: float) -> str:
    R = res.runs
    out = [
        "# ldwg-bot benchmarks",
        "",
        f"Last run: **{info['date']}** on {info['platform']}, {info['cpu']} ({info['cpus']} CPUs, "
        f"{info['memory']}), Python {info['python']}, {info['mediawiki']} "
        f"({info.get('mediawiki_core', 'Debian')}; SQLite, `php -S`; "
        f"wikis on {info['wiki_storage']}), pywikibot {info['pywikibot']}, mwparserfromhell "
        f"{info['mwparserfromhell']}; code at {info['commit']}. The whole benchmark took "
        f"{elapsed:.0f} s.",
        "",
        "Command: `./dev bench` (= `python bench/run.py`). Request counts are real HTTP requests "
        "seen by a counting proxy in front of the wiki (`bench/proxy.py`); *pywikibot* = what "
        "pywikibot asks on its own (`meta=userinfo`/`siteinfo` without a page, `action=paraminfo`), "
        "*job reads* = every other read; edits = `action=edit` POSTs. *Naive* = one request per "
        "page (and per translation) a bot without batching would make.",
        "",
    ]

    out += ["## Goals", ""]
    rows = []
    for g in res.goals:
        rows.append(
            [
                g["goal"],
                f"{g['measured']} {g['what']}",
                g["limit"],
                g["naive"] if g["naive"] is not None else "",
                "PASS" if g["pass"] else "**FAIL**",
            ]
        )
    out += [table(["goal", "measured", "limit", "naive bot", "result"], rows), ""]
    why = diagnose(res)
    if why:
        out += ["Why a goal is missed (from the recorded requests):", ""] + [f"- {w}" for w in why] + [""]

    def run_rows(keys):
        rows = []
        for k in keys:
            if k in R:
                r = R[k]
                rows.append(
                    [
                        r.label,
                        r.total,
                        r.session,
                        r.job_reads,
                        r.edits,
                        r.writes,
                        f"{r.wall:.1f} s",
                        fmt_mb(r.rss_mb),
                        "ok" if r.returncode == 0 else f"exit {r.returncode}",
                    ]
                )
        return rows

    head = ["run", "requests", "pywikibot", "job reads", "edits", "other writes", "wall", "peak RSS", "exit"]

    if "runall:2" in R:
        out += [
            "## 1. API requests",
            "",
            "### Demo group: demo run, then no-change runs",
            "",
            table(
                head,
                run_rows(
                    [
                        "demo:publish-update",
                        "demo:collect-feedback",
                        "demo:translation-status",
                        "runall:1",
                        "runall:2",
                        "alone:publish-update",
                        "alone:collect-feedback",
                        "alone:translation-status",
                    ]
                ),
            ),
            "",
            "Requests of the run-all after a first run-all:",
            "",
            "```",
        ]
        out += [f"{i:2d}. [{classify(*q)}] {describe(*q)}" for i, q in enumerate(R["runall:2"].requests, 1)]
        out += ["```", ""]

    for tag, kind, formula in (
        ("sub", "without Translate", "2 + ceil(P*L/50)"),
        ("tr", "with Translate", "2 + P"),
    ):
        keys = sorted({k.split(":")[2] for k in R if k.startswith(f"st:{tag}:")}, key=int)
        if not keys:
            continue
        rows = []
        for p in keys:
            r, first = R[f"st:{tag}:{p}"], R.get(f"st:{tag}:{p}:first")
            P, L = int(p), len(LANGS)
            floor = 2 + P if tag == "tr" else 2 + math.ceil(P * L / 50)
            rows.append(
                [
                    P,
                    P * L,
                    r.job_reads,
                    r.counts().get("read requests", "?"),
                    floor,
                    "PASS" if r.job_reads <= floor and r.returncode == 0 else "**FAIL**",
                    P * (L + 1),
                    r.total,
                    f"{r.wall:.1f} s",
                    fmt_mb(r.rss_mb),
                    f"{first.total} req, {first.edits} edit, {first.wall:.1f} s, {fmt_mb(first.rss_mb)}"
                    if first
                    else "",
                ]
            )
        out += [
            f"### translation-status {kind} (L = {len(LANGS)} languages; no-change run measured)",
            "",
            table(
                [
                    "P",
                    "P×L",
                    "job reads",
                    "job's own count",
                    f"floor {formula}",
                    "result",
                    "naive P×(L+1)",
                    "all requests",
                    "wall",
                    "peak RSS",
                    "first run (writes the table)",
                ],
                rows,
            ),
            "",
        ]
        if tag == "tr":
            out += [res.data.get("translate_note", ""), ""]

    fb = [k for k in ("fb:first", "fb:nochange", "fb:one", "fb:one+summary", "fb:history") if k in R]
    if fb:
        out += [
            "### collect-feedback on N talk pages",
            "",
            table(head, run_rows(fb)),
            "",
            "Requests of the run with one page changed:",
            "",
            "```",
        ]
        for key in ("fb:one", "fb:one+summary"):
            if key in R:
                out.append(f"{R[key].label}:")
                out += [
                    f"  {i:2d}. [{classify(*q)}] {describe(*q)}" for i, q in enumerate(R[key].requests, 1)
                ]
        out += ["```", ""]

    speed = res.data.get("parser_speed")
    if speed:
        out += [
            "## 2. Parser speed",
            "",
            "`parse_comments` (each wiki's conventions, learned from the recorded en/ar/bn fixtures) "
            "against `mwparserfromhell.parse` on the same generated talk page, best of N "
            "(goal: at most 2x).",
            "",
            table(
                [
                    "size",
                    "lang",
                    "comments found/written",
                    "best of",
                    "parse_comments",
                    "mwparserfromhell",
                    "ratio",
                    "parse_comments per MB",
                    "mwparserfromhell per MB",
                ],
                [
                    [
                        s["size"],
                        s["lang"],
                        f"{s['comments_found']}/{s['comments_written']}",
                        s["repeats"],
                        f"{s['parse_comments_s']:.3f} s",
                        f"{s['mwparserfromhell_s']:.3f} s",
                        f"{s['ratio']:.2f}x" + ("" if s["ratio"] <= 2 else " (over 2x)"),
                        f"{s['parse_comments_s_per_mb']:.2f} s",
                        f"{s['mwparserfromhell_s_per_mb']:.2f} s",
                    ]
                    for s in speed
                ],
            ),
            "",
            "*Found* is below *written* where one person signed two lines of one paragraph: "
            "DiscussionTools' rule folds them into one comment (rule 2 in ldwg_bot/feedback/threads.py).",
            "",
        ]
    out += parser_extra(res.data)

    mem = res.data.get("parser_memory")
    out += ["## 3. Memory (peak RSS of a child process; goal under 150 MB)", ""]
    rows = []
    for k in (
        "demo:publish-update",
        "demo:collect-feedback",
        "demo:translation-status",
        "runall:2",
        "fb:first",
        "fb:nochange",
        "fb:one",
        "fb:one+summary",
        "fb:history",
        "st:sub:500:first",
        "st:sub:500",
        "st:tr:10:first",
    ):
        if k in R:
            rows.append([R[k].label, fmt_mb(R[k].rss_mb), "yes" if R[k].rss_mb < 150 else "**no**"])
    if mem:
        rows.append(
            [
                f"parse_comments on the {mem['bytes'] / 1e6:.1f} MB {mem['lang']} page",
                fmt_mb(mem["parse_comments"]),
                "yes" if mem["parse_comments"] < 150 else "**no**",
            ]
        )
        rows.append(["(mwparserfromhell.parse on the same page)", fmt_mb(mem["mwparserfromhell"]), ""])
        rows.append(["(baseline: Python, imports and the page text)", fmt_mb(mem["nothing"]), ""])
    model = res.data.get("language_model_memory")
    if model:
        rows.append(["(collect-feedback's imports alone)", fmt_mb(model["imports"]), ""])
        rows.append(
            [
                "(the same + py3langid's model, loaded at the first comment to detect)",
                fmt_mb(model["imports + model"]),
                "",
            ]
        )
    out += [table(["process", "peak RSS", "under 150 MB"], rows), ""]

    out += ["## 4. Wall time", ""]
    rows = []
    demo = [
        R[k] for k in ("demo:publish-update", "demo:collect-feedback", "demo:translation-status") if k in R
    ]
    if demo:
        rows.append(
            [
                "demo run: the three jobs, each its own process, on the fresh devwiki",
                f"{sum(r.wall for r in demo):.1f} s ("
                + ", ".join(f"{r.argv[0]} {r.wall:.1f} s" for r in demo)
                + ")",
            ]
        )
    for k, what in (
        ("runall:1", "first run-all after the demo (no change)"),
        ("runall:2", "no-change run-all"),
    ):
        if k in R:
            rows.append([what, f"{R[k].wall:.1f} s"])
    for k, v in res.data.get("setup", {}).items():
        rows.append([f"set-up: {k}", v])
    out += [table(["what", "wall time"], rows), ""]
    out += authorship_section(res.data) + forum_section(res.data)
    if res.notes:
        out += ["## Notes", ""] + [f"- {n}" for n in res.notes] + [""]
    return "\n".join(out)


def parser_extra(data: dict) -> list[str]:
    """Adversarial pages and the wrong-parent rate, when they were measured."""
    out = []
    adv = data.get("adversarial")
    if adv:
        worst = max((r for r in adv if "dense" not in r["generator"]), key=lambda r: r["ratio"])
        out += [
            "### Adversarial pages",
            "",
            "Seconds per MB of `parse_comments` on pages built to stall a parser, beside an ordinary "
            f"talk page of the same size (goal: at most 2x; the dense variant is shown, not held to it). "
            f"Highest ratio: {worst['ratio']:.2f}x ({worst['generator']}, {worst['bytes'] / 1e6:.1f} MB); "
            "the table is also in `bench/adversarial.md`.",
            "",
            table(
                ["page", "size", "s/MB", "ordinary s/MB", "ratio", "comments"],
                [
                    [
                        r["generator"],
                        f"{r['bytes'] / 1e6:.1f} MB",
                        f"{r['s_per_mb']:.3f}",
                        f"{r['ordinary_s_per_mb']:.3f}",
                        f"{r['ratio']:.2f}x",
                        r["comments"],
                    ]
                    for r in adv
                ],
            ),
            "",
        ]
    th = data.get("threading")
    if th:
        out += [
            "### Threading",
            "",
            f"Wrong parents (`bench/threading_rate.py`, {th['rate']:.0%} of the comments with each hard "
            f"pattern; goal at most 0.5 %: {'met' if th['pass'] else '**missed**'}): "
            f"{threading_rate.summary(th)}.",
            "",
        ]
    return out


def authorship_section(data: dict) -> list[str]:
    """Who added each new comment: history reads per run, and the time of the check."""
    reads, t = data.get("authorship_reads"), data.get("authorship_time")
    if not reads and not t:
        return []
    out = [
        "## 5. Authorship check",
        "",
        "collect-feedback reads a changed page's revisions since the last run (with content, 50 a "
        "request; on a page's first run at most `authorship_revisions` = 50 back) to find the revision "
        "that added each new comment (`bench/authorship_bench.py`).",
        "",
    ]
    if reads:
        out += [
            table(
                ["run", "history reads", "job reads", "new comments"],
                [
                    [
                        r["run"],
                        r["history_reads"],
                        r["job_reads"],
                        "" if r["new_comments"] is None else r["new_comments"],
                    ]
                    for r in reads
                ],
            ),
            "",
        ]
    if t:
        out += [
            "Time of the check (`attribute` + `check_records`, on a generated history, no wiki): "
            + authorship_bench.summary(t)
            + ".",
            "",
        ]
    return out


def forum_section(data: dict) -> list[str]:
    rows = data.get("forum")
    if not rows:
        return []
    return [
        "## 6. Forum reads",
        "",
        "Requests per topic of N posts, read with the bot's client from a loopback server in "
        "Discourse's topic format (`bench/forum.py`; also in `bench/forum-results.md`).",
        "",
        table(
            [
                "posts",
                "records",
                "requests, first run",
                "requests, no change",
                "goal ceil(N/20)",
                "one request per post",
                "wall, no change",
                "result",
            ],
            [
                [
                    r["posts"],
                    r["records"],
                    r["first"],
                    r["no_change"],
                    r["goal"],
                    r["naive"],
                    f"{r['wall_no_change_s'] * 1000:.0f} ms",
                    "PASS" if r["pass"] else "**FAIL**",
                ]
                for r in rows
            ],
        ),
        "",
    ]
