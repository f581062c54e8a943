#!/usr/bin/env python3
"""ldwg-bot benchmarks: API requests, parser speed, memory, wall time (issue 8).

    ./dev bench                      # = python bench/run.py
    python bench/run.py [--translate-pages 1,10] [--status-pages 1,10,100,500]
                        [--feedback-pages 50] [--no-parser] [--keep] [--mediawiki 1.43|DIR]

Starts its own devwikis (the system's Debian MediaWiki, 1.39 on Debian 12, or
the one ``--mediawiki`` names; SQLite, ``php -S`` on free
127.0.0.1 ports) in a temporary folder -- on /dev/shm when there is room, so
seeding is quick -- puts a counting proxy in front of each, runs the jobs as
child processes through it, and stops every wiki's whole process group at the
end, also on failure or Ctrl-C. Prints the tables and writes them to
``bench/results.md`` and ``bench/results.json``.

Exit status: 0 when every request-count goal is met, 1 when one is missed
(the request counts are exact: this is a behaviour test), 2 when the
benchmark itself could not run. Speed and memory figures are recorded, not
asserted.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path
import random

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from ldwg_bot.devwiki import DevWikiError, check_prerequisites  # noqa: E402
from ldwg_bot.devwiki.extensions import ExtensionsError, find_translate  # noqa: E402
from ldwg_bot.devwiki.manager import ADMIN_USER  # noqa: E402

import parser_bench  # noqa: E402
import talkgen  # noqa: E402
from wikis import DEFAULT_GROUP, BenchWiki, Run, classify, describe, import_pages  # noqa: E402

LANGS = ["es", "pt", "ar", "bn", "fr"]           # the default config's group
STATUS_ROOT = "Bench status"
FEEDBACK_ROOT = "Bench feedback"
TR_ROOT = "Trbench"
READ_GOAL_NO_CHANGE = 10
FEEDBACK_GOAL = 3


_T0 = time.perf_counter()


def log(msg: str) -> None:
    print(f"[{time.perf_counter() - _T0:5.0f} s] {msg}", flush=True)


# ------------------------------------------------------------------ machine

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
        except Exception:   # noqa: BLE001
            return "?"
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "ldwg_bot"], cwd=ROOT,
                               capture_output=True, text=True).stdout.strip()
        commit += " (+ uncommitted changes in ldwg_bot/)" if dirty else ""
    except OSError:
        commit = "?"
    try:
        mem_kb = int(next(l for l in Path("/proc/meminfo").read_text().splitlines()
                          if l.startswith("MemTotal")).split()[1])
        mem = f"{mem_kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration, ValueError):
        mem = "?"
    return {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "platform": platform.platform(), "cpu": cpu, "cpus": os.cpu_count(), "memory": mem,
            "python": platform.python_version(), "mediawiki": mw_version,
            "pywikibot": version("pywikibot"), "mwparserfromhell": version("mwparserfromhell"),
            "commit": commit, "wiki_storage": "tmpfs (/dev/shm)" if tmpfs else "disk"}


def temp_root() -> tuple[Path, bool]:
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1 << 30:
            return Path(tempfile.mkdtemp(prefix="ldwg-bench-", dir=shm)), True
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="ldwg-bench-")), False


# ------------------------------------------------------------------ seeding

def seed_scale(bw: BenchWiki, max_pages: int, feedback_pages: int) -> dict:
    """Status pages (P sources x 5 language subpages, some missing/outdated) and N talk pages."""
    rnd = random.Random(8)
    pages = []
    exist = {"es": 0.9, "pt": 0.6, "ar": 0.7, "bn": 0.3, "fr": 0.5}
    for i in range(1, max_pages + 1):
        title = f"{STATUS_ROOT}/Page {i:04d}"
        pages.append((title, f"Source page {i} of the status benchmark.\n\n== Section ==\nText.\n",
                      "2024-02-01T12:00:00Z"))
        for code in LANGS:
            if rnd.random() < exist[code]:
                day = rnd.randint(1, 28)
                month = rnd.choice((1, 3))       # January: outdated, March: current
                pages.append((f"{title}/{code}", f"Translation of page {i} ({code}).\n",
                              f"2024-{month:02d}-{day:02d}T10:00:00Z"))
    for i in range(1, feedback_pages + 1):
        text, _ = talkgen.talk_page(rnd.randint(3_000, 30_000), "en", seed=i)
        pages.append((f"Talk:{FEEDBACK_ROOT}/Page {i:02d}", text.lstrip("\n"), "2024-04-01T08:00:00Z"))
    seconds = import_pages(bw.wiki, pages)
    bw.wiki.client("Nadia K")            # the human who edits a talk page later (account made now)
    return {"pages": len(pages), "import_s": seconds}


TR_SOURCE = """<languages/>
<translate>
The working group keeps this page ({n}) about its work current.

== Meetings ==

The group meets every month; notes are published on the talk page.

Everyone is welcome to comment on the drafts.
</translate>
"""
TR_UNITS = {"es": ["El grupo de trabajo mantiene esta página al día.", "Reuniones",
                   "El grupo se reúne cada mes.", "Todos pueden comentar los borradores."],
            "ar": ["تحافظ مجموعة العمل على تحديث هذه الصفحة.", "الاجتماعات"],
            "bn": ["কর্মী দল এই পাতাটি হালনাগাদ রাখে।"]}
TR_TRANSLATORS = {"es": "Tomás R", "ar": "Farida", "bn": "Arif Hossain"}


def seed_translate(bw: BenchWiki, count: int) -> dict:
    """``count`` translatable pages: created by the admin, each marked with one
    Special:PageTranslation POST (no job run in between), some units of the first
    ten translated by three translators, then one runJobs."""
    wiki = bw.wiki
    admin = wiki.client(ADMIN_USER)
    token = admin.token()
    t0 = time.perf_counter()
    revisions = {}
    for i in range(1, count + 1):
        title = f"{TR_ROOT}/Page {i:03d}"
        revisions[title] = admin.post(action="edit", title=title, text=TR_SOURCE.format(n=i),
                                      summary="translatable page", token=token)["edit"]["newrevid"]
    for title, rev in revisions.items():
        form = {"title": "Special:PageTranslation", "do": "mark", "target": title, "revision": str(rev),
                "token": token, "transclusion": "1", "translatetitle": "1"}
        html = admin.session.post(admin.index_url, data=form, timeout=120).text
        if "mw-message-box-success" not in html and "successbox" not in html:
            raise DevWikiError(f"{title}: Special:PageTranslation did not mark the page")
    marked = time.perf_counter() - t0
    for code, user in TR_TRANSLATORS.items():
        client = wiki.client(user)
        utoken = client.token()
        for n, title in enumerate(list(revisions)[:10]):   # human translators: few pages, no rate limit
            units = TR_UNITS[code][: (n % len(TR_UNITS[code])) + 1]
            for u, text in enumerate(units, start=1):
                client.post(action="edit", title=f"Translations:{title}/{u}/{code}", text=text,
                            summary=f"{code} translation", token=utoken)
    t1 = time.perf_counter()
    wiki.run_jobs()
    return {"pages": count, "create_and_mark_s": marked, "run_jobs_s": time.perf_counter() - t1,
            "total_s": time.perf_counter() - t0}


# ------------------------------------------------------------------ groups

def status_group(name: str, pages: list[str], table: str, root: str) -> str:
    return f"""
name = "{name}"
root = "{root}"
languages = {json.dumps(LANGS)}

[group.translations]
pages = {json.dumps(pages, ensure_ascii=False)}
table_page = "{table}"
"""


def feedback_group(titles: list[str], summary: str) -> str:
    return f"""
name = "feedback-bench"
root = "{FEEDBACK_ROOT}"
languages = ["es"]

[group.feedback]
talk_pages = {json.dumps(titles, ensure_ascii=False)}
prefixes = []
summary_page = "{summary}"
"""


# ------------------------------------------------------------------ scenarios

class Results:
    def __init__(self):
        self.runs: dict[str, Run] = {}
        self.goals: list[dict] = []
        self.notes: list[str] = []
        self.data: dict = {}

    def add(self, key: str, run: Run) -> Run:
        self.runs[key] = run
        status = "ok" if run.returncode == 0 else f"EXIT {run.returncode}"
        log(f"  {run.label}: {run.total} requests ({run.session} pywikibot, {run.job_reads} job reads, "
            f"{run.edits} edits, {run.writes} other writes), {run.wall:.1f} s, {run.rss_mb:.0f} MB [{status}]")
        if run.returncode != 0:
            log("    " + "\n    ".join(run.output.strip().splitlines()[-8:]))
            self.notes.append(f"{run.label}: the job exited {run.returncode}: "
                              + " | ".join(run.output.strip().splitlines()[-3:]))
        return run

    def goal(self, name: str, measured: int, limit: int, what: str, run: Run, extra_ok: bool = True,
             naive: int | None = None) -> None:
        ok = measured <= limit and extra_ok and run.returncode == 0
        self.goals.append({"goal": name, "measured": measured, "limit": limit, "what": what,
                           "naive": naive, "pass": ok, "run": run.label})


def demo_and_no_change(bw: BenchWiki, res: Results) -> None:
    cfg = bw.config("demo", DEFAULT_GROUP)
    log("== demo: the three jobs on a freshly seeded devwiki, each in its own process (as ./dev demo)")
    for job in ("publish-update", "collect-feedback", "translation-status"):
        res.add(f"demo:{job}", bw.run(f"demo {job}", job, cfg))
    log("== no change: run-all after a first run-all")
    res.add("runall:1", bw.run("first run-all", "run-all", cfg))
    second = res.add("runall:2", bw.run("run-all after a first run-all", "run-all", cfg))
    res.goal("no-change run-all: 0 edits and at most 10 read requests", second.reads, READ_GOAL_NO_CHANGE,
             "read requests (pywikibot's + the jobs')", second, extra_ok=second.edits == 0 and second.writes == 0,
             naive=naive_run_all(second))
    log("== no change, each job alone (to attribute the run-all's requests)")
    for job in ("publish-update", "collect-feedback", "translation-status"):
        res.add(f"alone:{job}", bw.run(f"no change, {job} alone", job, cfg))


def naive_run_all(run: Run) -> int:
    """One request per page the jobs look at: the 2 update pages, every talk page
    checked and the summary page, every page x (languages + 1) and the table."""
    c = run.counts()
    talk = c.get("collect-feedback: pages checked", 4)
    pages = c.get("translation-status: pages", 3)
    langs = c.get("translation-status: languages", 5)
    return 2 + talk + 1 + pages * (langs + 1) + 1


def feedback_scale(bw: BenchWiki, res: Results, n: int) -> None:
    log(f"== collect-feedback on {n} talk pages")
    titles = [f"Talk:{FEEDBACK_ROOT}/Page {i:02d}" for i in range(1, n + 1)]
    cfg = bw.config("feedback", feedback_group(titles, f"{FEEDBACK_ROOT}/Summary"), store="feedback.sqlite")
    res.add("fb:first", bw.run(f"feedback N={n}: first run (every page new)", "collect-feedback", cfg))
    res.add("fb:nochange", bw.run(f"feedback N={n}: no change", "collect-feedback", cfg))
    human = bw.wiki.client("Nadia K")

    def add_comment(title: str, words: str) -> None:
        text = human.page_text(title)
        human.edit(title, text=text.rstrip() + f"\n:{words} ~~~~\n", summary="reply")
    add_comment(titles[n // 3], "One more thought on this thread.")
    one = res.add("fb:one", bw.run(f"feedback N={n}: one page changed (--no-summary)", "collect-feedback",
                                   cfg, "--no-summary"))
    res.goal(f"feedback, {n} talk pages, one changed: at most {FEEDBACK_GOAL} requests", one.total,
             FEEDBACK_GOAL, "requests (all, pywikibot's included)", one,
             extra_ok=one.counts().get("pages read") == 1 and one.edits == 0, naive=n)
    add_comment(titles[2 * n // 3], "And a reply from me.")
    res.add("fb:one+summary", bw.run(f"feedback N={n}: one page changed, summary updated",
                                     "collect-feedback", cfg))
    authorship_cost(bw, res, cfg, titles[0])


def authorship_cost(bw: BenchWiki, res: Results, cfg: Path, title: str, revisions: int = 120) -> None:
    """Who added each new comment: the revisions since the last run, 50 a request (issue 13)."""
    admin = bw.wiki.client(ADMIN_USER)      # sysops are not rate-limited
    for i in range(revisions):
        admin.edit(title, appendtext=f"\n:Note {i}. ~~~~", summary="note")
    run = res.add("fb:history", bw.run(f"feedback: one page with {revisions} revisions since the last run",
                                       "collect-feedback", cfg, "--no-summary"))
    history = sum(1 for _, _, q in run.requests if q.get("rvprop") == "ids|timestamp|user|sha1|content")
    goal = -(-(revisions + 1) // 50)
    res.data["authorship_history_reads"] = {"revisions": revisions, "requests": history, "goal": goal}
    res.goal(f"authorship: {revisions} revisions since the last run cost ceil({revisions + 1}/50) = {goal} "
             "history reads", history, goal, "history reads (revisions with content)", run,
             extra_ok=run.counts().get("new") == revisions, naive=revisions)


def status_scale(bw: BenchWiki, res: Results, sizes: list[int], translate: bool) -> None:
    kind = "with Translate" if translate else "without Translate"
    log(f"== translation-status {kind}: P pages x {len(LANGS)} languages")
    root = TR_ROOT if translate else STATUS_ROOT
    L = len(LANGS)
    for p in sizes:
        pages = [f"{TR_ROOT}/Page {i:03d}" if translate else f"{STATUS_ROOT}/Page {i:04d}"
                 for i in range(1, p + 1)]
        table = f"{root}/Status table P{p}"
        cfg = bw.config(f"status-{p}", status_group(f"status-p{p}", pages, table, root),
                        store=f"status-{p}.sqlite")
        tag = "tr" if translate else "sub"
        res.add(f"st:{tag}:{p}:first", bw.run(f"status {kind} P={p}: first run (table written)",
                                               "translation-status", cfg, "--cache-pause", "1"))
        run = res.add(f"st:{tag}:{p}", bw.run(f"status {kind} P={p}: no change", "translation-status", cfg))
        floor = 2 + p if translate else 2 + math.ceil(p * L / 50)
        res.goal(f"status {kind}, P={p}, L={L}: at most {'2 + P' if translate else '2 + ceil(P*L/50)'} = {floor}",
                 run.job_reads, floor, "the job's read requests", run, extra_ok=run.edits == 0,
                 naive=p * (L + 1))


# ------------------------------------------------------------------ diagnosis

def _titles(params: dict) -> list[str]:
    return [t for t in params.get("titles", "").split("|") if t]


def save_path_reads(run: Run) -> tuple[dict[str, int], set[str]]:
    """Reads of the safe-write path in a run that edited nothing: count per page title,
    and which kinds were seen (fresh read, pywikibot's templates / page load)."""
    pages: dict[str, int] = {}
    kinds: set[str] = set()
    for method, path, params in run.requests:
        if classify(method, path, params) != "read":
            continue
        kind = ("fresh" if params.get("curtimestamp") else
                "templates" if params.get("generator") == "templates" else
                "page" if params.get("prop") == "info|revisions" and "comment" in params.get("rvprop", "")
                else None)
        if kind:
            kinds.add(kind)
            for t in _titles(params):
                pages[t] = pages.get(t, 0) + 1
    return pages, kinds


def diagnose(res: Results) -> list[str]:
    """One paragraph per missed goal: which requests go over the budget, and where they come from."""
    R = res.runs
    out = []
    for g in res.goals:
        if g["pass"]:
            continue
        run = next((r for r in R.values() if r.label == g["run"]), None)
        if run is None:
            continue
        if run.returncode != 0:
            out.append(f"*{g['goal']}*: the job exited {run.returncode}; see the notes.")
            continue
        if g["goal"].startswith("no-change run-all"):
            pages, kinds = save_path_reads(run)
            n = sum(pages.values())
            alone = {j: R[f"alone:{j}"] for j in ("publish-update", "collect-feedback", "translation-status")
                     if f"alone:{j}" in R}
            per_job = ", ".join(f"{j} {r.job_reads}" for j, r in alone.items())
            text = (f"*{g['goal']}*: {run.reads} reads = {run.session} of pywikibot's session + "
                    f"{run.job_reads} of the jobs ({per_job} when each runs alone).")
            if n:
                steps = []
                if "fresh" in kinds:
                    steps.append("reads the page again with `curtimestamp` (`Wiki._read_for_edit`)")
                if "templates" in kinds:
                    steps.append("asks for its templates (`generator=templates`, pywikibot's `botMayEdit`)")
                if "page" in kinds:
                    steps.append("loads its latest revision (`prop=info|revisions`, pywikibot's page load)")
                text += (f" {n} of them are the safe-write path entered for pages that do not change: "
                         + ", ".join(f"{t} ({c})" for t, c in pages.items())
                         + ". For each such page `Wiki.edit` (ldwg_bot/wiki.py) " + ", then ".join(steps)
                         + ", although the job's batched read had already shown that nothing changes "
                         "(publish-update's `publish()` in ldwg_bot/updates/job.py calls `wiki.edit` for "
                         "every target; translation-status skips the save path when its transform gives "
                         f"the text back unchanged). Without them the run would make {run.reads - n} reads.")
            out.append(text)
        elif g["goal"].startswith("status") and "with Translate" in g["goal"]:
            reads = [p for m, pa, p in run.requests if classify(m, pa, p) == "read"]
            stats = sum(1 for p in reads if "messagegroupstats" in p.get("meta", ""))
            groups = sum(1 for p in reads if "messagegroups" in p.get("meta", "").split("|")
                         or (p.get("prop") == "info" and "languageinfo" not in p.get("meta", "")))
            langs = sum(1 for p in reads if "languageinfo" in p.get("meta", ""))
            out.append(f"*{g['goal']}*: {run.job_reads} reads = {stats} `messagegroupstats` (one per page, "
                       f"more when Translate's cache answers with a continuation) + {groups} "
                       f"`messagegroups`/`prop=info` (titles in batches of 50) + {langs} `languageinfo` "
                       f"(with the table page) + {run.job_reads - stats - groups - langs} other.")
        elif g["goal"].startswith("status"):
            batches = [p for m, pa, p in run.requests if classify(m, pa, p) == "read"
                       and p.get("prop") == "revisions" and p.get("rvprop") == "timestamp"]
            titles = sum(len(_titles(p)) for p in batches)
            others = run.job_reads - len(batches)
            out.append(f"*{g['goal']}*: {run.job_reads} reads = {others} (language names + the table "
                       f"page{', + Translate' if 'with Translate' in g['goal'] else ''}) + {len(batches)} "
                       f"title batches asking for {titles} titles: the source pages are asked for along "
                       "with their language subpages (`title_batches` in ldwg_bot/translations/subpages.py "
                       "builds P x (L + 1) titles), so the cost is 1 + ceil(P x (L + 1) / 50), over the "
                       "floor 2 + ceil(P x L / 50) as soon as P x (L + 1) needs more than one extra batch.")
        else:
            out.append(f"*{g['goal']}*: {g['measured']} {g['what']} (limit {g['limit']}); requests: "
                       + "; ".join(describe(*q) for q in run.requests))
    return out


# ------------------------------------------------------------------ output

def fmt_mb(x: float) -> str:
    return f"{x:.0f} MB"


def table(head: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def render(res: Results, info: dict, elapsed: float) -> str:
    R = res.runs
    out = [f"# ldwg-bot benchmarks", "",
           f"Last run: **{info['date']}** on {info['platform']}, {info['cpu']} ({info['cpus']} CPUs, "
           f"{info['memory']}), Python {info['python']}, {info['mediawiki']} ({info.get('mediawiki_core', 'Debian')}; SQLite, `php -S`; "
           f"wikis on {info['wiki_storage']}), pywikibot {info['pywikibot']}, mwparserfromhell "
           f"{info['mwparserfromhell']}; code at {info['commit']}. The whole benchmark took "
           f"{elapsed:.0f} s.", "",
           "Command: `./dev bench` (= `python bench/run.py`). Request counts are real HTTP requests "
           "seen by a counting proxy in front of the wiki (`bench/proxy.py`); *pywikibot* = what "
           "pywikibot asks on its own (`meta=userinfo`/`siteinfo` without a page, `action=paraminfo`), "
           "*job reads* = every other read; edits = `action=edit` POSTs. *Naive* = one request per "
           "page (and per translation) a bot without batching would make.", ""]

    out += ["## Goals", ""]
    rows = []
    for g in res.goals:
        rows.append([g["goal"], f"{g['measured']} {g['what']}", g["limit"],
                     g["naive"] if g["naive"] is not None else "", "PASS" if g["pass"] else "**FAIL**"])
    out += [table(["goal", "measured", "limit", "naive bot", "result"], rows), ""]
    why = diagnose(res)
    if why:
        out += ["Why a goal is missed (from the recorded requests):", ""] + [f"- {w}" for w in why] + [""]

    def run_rows(keys):
        rows = []
        for k in keys:
            if k in R:
                r = R[k]
                rows.append([r.label, r.total, r.session, r.job_reads, r.edits, r.writes,
                             f"{r.wall:.1f} s", fmt_mb(r.rss_mb), "ok" if r.returncode == 0 else f"exit {r.returncode}"])
        return rows
    head = ["run", "requests", "pywikibot", "job reads", "edits", "other writes", "wall", "peak RSS", "exit"]

    if "runall:2" in R:
        out += ["## 1. API requests", "", "### Demo group: demo run, then no-change runs", "",
                table(head, run_rows(["demo:publish-update", "demo:collect-feedback", "demo:translation-status",
                                      "runall:1", "runall:2", "alone:publish-update",
                                      "alone:collect-feedback", "alone:translation-status"])), "",
                "Requests of the run-all after a first run-all:", "", "```"]
        out += [f"{i:2d}. [{classify(*q)}] {describe(*q)}" for i, q in enumerate(R["runall:2"].requests, 1)]
        out += ["```", ""]

    for tag, kind, formula in (("sub", "without Translate", "2 + ceil(P*L/50)"), ("tr", "with Translate", "2 + P")):
        keys = sorted({k.split(":")[2] for k in R if k.startswith(f"st:{tag}:")}, key=int)
        if not keys:
            continue
        rows = []
        for p in keys:
            r, first = R[f"st:{tag}:{p}"], R.get(f"st:{tag}:{p}:first")
            P, L = int(p), len(LANGS)
            floor = 2 + P if tag == "tr" else 2 + math.ceil(P * L / 50)
            rows.append([P, P * L, r.job_reads, r.counts().get("read requests", "?"), floor,
                         "PASS" if r.job_reads <= floor and r.returncode == 0 else "**FAIL**", P * (L + 1),
                         r.total, f"{r.wall:.1f} s", fmt_mb(r.rss_mb),
                         f"{first.total} req, {first.edits} edit, {first.wall:.1f} s, {fmt_mb(first.rss_mb)}"
                         if first else ""])
        out += [f"### translation-status {kind} (L = {len(LANGS)} languages; no-change run measured)", "",
                table(["P", "P×L", "job reads", "job's own count", f"floor {formula}", "result",
                       "naive P×(L+1)", "all requests", "wall", "peak RSS", "first run (writes the table)"],
                      rows), ""]
        if tag == "tr":
            out += [res.data.get("translate_note", ""), ""]

    fb = [k for k in ("fb:first", "fb:nochange", "fb:one", "fb:one+summary") if k in R]
    if fb:
        out += ["### collect-feedback on N talk pages", "", table(head, run_rows(fb)), "",
                "Requests of the run with one page changed:", "", "```"]
        for key in ("fb:one", "fb:one+summary"):
            if key in R:
                out.append(f"{R[key].label}:")
                out += [f"  {i:2d}. [{classify(*q)}] {describe(*q)}" for i, q in enumerate(R[key].requests, 1)]
        out += ["```", ""]

    speed = res.data.get("parser_speed")
    if speed:
        out += ["## 2. Parser speed", "",
                "`parse_comments` (each wiki's conventions, learned from the recorded en/ar/bn fixtures) "
                "against `mwparserfromhell.parse` on the same generated talk page, best of N "
                "(goal: at most 2x).", "",
                table(["size", "lang", "comments found/written", "best of", "parse_comments", "mwparserfromhell",
                       "ratio", "parse_comments per MB", "mwparserfromhell per MB"],
                      [[s["size"], s["lang"], f"{s['comments_found']}/{s['comments_written']}", s["repeats"],
                        f"{s['parse_comments_s']:.3f} s", f"{s['mwparserfromhell_s']:.3f} s",
                        f"{s['ratio']:.2f}x" + ("" if s["ratio"] <= 2 else " (over 2x)"),
                        f"{s['parse_comments_s_per_mb']:.2f} s", f"{s['mwparserfromhell_s_per_mb']:.2f} s"]
                       for s in speed]), ""]

    mem = res.data.get("parser_memory")
    out += ["## 3. Memory (peak RSS of a child process; goal under 150 MB)", ""]
    rows = []
    for k in ("demo:publish-update", "demo:collect-feedback", "demo:translation-status", "runall:2",
              "fb:first", "st:sub:500:first", "st:sub:500", "st:tr:10:first"):
        if k in R:
            rows.append([R[k].label, fmt_mb(R[k].rss_mb), "yes" if R[k].rss_mb < 150 else "**no**"])
    if mem:
        rows.append([f"parse_comments on the {mem['bytes'] / 1e6:.1f} MB {mem['lang']} page",
                     fmt_mb(mem["parse_comments"]), "yes" if mem["parse_comments"] < 150 else "**no**"])
        rows.append(["(mwparserfromhell.parse on the same page)", fmt_mb(mem["mwparserfromhell"]), ""])
        rows.append(["(baseline: Python, imports and the page text)", fmt_mb(mem["nothing"]), ""])
    out += [table(["process", "peak RSS", "under 150 MB"], rows), ""]

    out += ["## 4. Wall time", ""]
    rows = []
    demo = [R[k] for k in ("demo:publish-update", "demo:collect-feedback", "demo:translation-status") if k in R]
    if demo:
        rows.append(["demo run: the three jobs, each its own process, on the fresh devwiki",
                     f"{sum(r.wall for r in demo):.1f} s (" + ", ".join(f"{r.argv[0]} {r.wall:.1f} s" for r in demo) + ")"])
    for k, what in (("runall:1", "first run-all after the demo (no change)"),
                    ("runall:2", "no-change run-all")):
        if k in R:
            rows.append([what, f"{R[k].wall:.1f} s"])
    for k, v in res.data.get("setup", {}).items():
        rows.append([f"set-up: {k}", v])
    out += [table(["what", "wall time"], rows), ""]
    if res.notes:
        out += ["## Notes", ""] + [f"- {n}" for n in res.notes] + [""]
    return "\n".join(out)


# ------------------------------------------------------------------ main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/run.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--status-pages", default="1,10,100,500", help="P values without Translate")
    ap.add_argument("--translate-pages", default="1,10",
                    help="P values with Translate (marking is slow: 100 adds about 4 minutes)")
    ap.add_argument("--feedback-pages", type=int, default=50)
    ap.add_argument("--no-parser", action="store_true", help="skip the parser speed/memory part")
    ap.add_argument("--out", default=str(HERE), help="folder for results.md / results.json")
    ap.add_argument("--mediawiki", metavar="DIR|BRANCH",
                    help="MediaWiki of the wikis: a core folder or 1.39/1.43 (default: the system's)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (wikis stopped)")
    args = ap.parse_args(argv)
    if args.feedback_pages < 3:
        ap.error("--feedback-pages: at least 3")
    status_sizes = [int(x) for x in args.status_pages.split(",") if x.strip()]
    tr_sizes = [int(x) for x in args.translate_pages.split(",") if x.strip()]
    if args.mediawiki:
        os.environ["LDWG_BOT_MEDIAWIKI"] = args.mediawiki  # the bench's DevWikis and job processes
    try:
        core = check_prerequisites()
    except DevWikiError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        return 2
    extensions = None
    if tr_sizes:
        try:
            extensions = find_translate(None, core.dir)
        except ExtensionsError as exc:
            print(f"bench: the with-Translate rows are skipped: {exc}", file=sys.stderr)
            tr_sizes = []

    started = time.perf_counter()
    tmp, tmpfs = temp_root()
    log(f"bench: working in {tmp}")
    wikis: list[BenchWiki] = []
    res = Results()

    def on_signal(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")
    signal.signal(signal.SIGTERM, on_signal)
    code = 2
    try:
        demo = BenchWiki(tmp, "demo")
        scale = BenchWiki(tmp, "scale")
        wikis += [demo, scale]
        tr = None
        if tr_sizes:
            tr = BenchWiki(tmp, "translate", translate=True, extensions=str(extensions))
            wikis.append(tr)
        log("== set-up: installing and seeding the devwikis (in parallel)")

        def setup_scale():
            scale.start(seed=False)
            return seed_scale(scale, max(status_sizes, default=0), args.feedback_pages)

        def setup_tr():
            tr.start(seed=False)
            return seed_translate(tr, max(tr_sizes))
        with ThreadPoolExecutor(3) as pool:
            f_demo = pool.submit(demo.start, True)
            f_scale = pool.submit(setup_scale)
            f_tr = pool.submit(setup_tr) if tr else None
            f_demo.result()
            scale_info = f_scale.result()
            tr_info = f_tr.result() if f_tr else None
        res.data["setup"] = {
            "demo devwiki (install + seed through the API)": f"{demo.setup_seconds:.1f} s",
            f"scale devwiki: importDump of {scale_info['pages']} pages": f"{scale_info['import_s']:.1f} s"}
        if tr_info:
            res.data["setup"][f"Translate devwiki: create + mark {tr_info['pages']} pages, translate, one runJobs"] = \
                f"{tr_info['total_s']:.1f} s (runJobs {tr_info['run_jobs_s']:.1f} s)"
        res.data["translate_note"] = (
            f"With Translate only P in {', '.join(map(str, tr_sizes))} are measured by default: marking is "
            "slow on this MediaWiki (P = 100 adds about two minutes of set-up: creating, marking and one "
            "runJobs); `--translate-pages 1,10,100` measures it too.") if tr_sizes else ""
        log(f"   set-up done in {time.perf_counter() - started:.0f} s")
        info = machine(demo.mediawiki_version(), tmpfs)
        info["mediawiki_core"] = core.source

        demo_and_no_change(demo, res)
        feedback_scale(scale, res, args.feedback_pages)
        status_scale(scale, res, status_sizes, translate=False)
        if tr:
            status_scale(tr, res, tr_sizes, translate=True)
        for bw in wikis:        # nothing else runs while the parser is timed
            bw.stop()
        if not args.no_parser:
            log("== parser speed")
            res.data["parser_speed"] = parser_bench.speed(log=log)
            log("== parser memory (5 MB page, child processes)")
            res.data["parser_memory"] = parser_bench.memory(tmp)
            m = res.data["parser_memory"]
            log(f"  peak RSS: parse_comments {m['parse_comments']:.0f} MB, mwparserfromhell "
                f"{m['mwparserfromhell']:.0f} MB, baseline {m['nothing']:.0f} MB")

        elapsed = time.perf_counter() - started
        text = render(res, info, elapsed)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.md").write_text(text + "\n", encoding="utf-8")
        (out / "results.json").write_text(json.dumps({
            "machine": info, "elapsed_s": round(elapsed, 1), "goals": res.goals,
            "runs": {k: r.to_dict() for k, r in res.runs.items()},
            "parser_speed": res.data.get("parser_speed"), "parser_memory": res.data.get("parser_memory"),
            "setup": res.data.get("setup"), "notes": res.notes}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8")
        print()
        print(text)
        failed = [g for g in res.goals if not g["pass"]]
        print(f"\nbench: {len(res.goals) - len(failed)}/{len(res.goals)} request-count goals met; "
              f"results in {out / 'results.md'} and results.json ({elapsed:.0f} s)")
        code = 1 if failed else 0
    except KeyboardInterrupt as exc:
        print(f"bench: interrupted ({exc}); stopping the wikis", file=sys.stderr)
        code = 2
    except Exception:   # noqa: BLE001  -- the wikis must stop whatever happened
        traceback.print_exc()
        print("bench: the benchmark could not finish; stopping the wikis", file=sys.stderr)
        code = 2
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for bw in wikis:
            try:
                bw.stop()
            except Exception as exc:   # noqa: BLE001
                print(f"bench: could not stop {bw.name}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"bench: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
