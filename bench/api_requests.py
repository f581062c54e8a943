"""API request counts, the benchmark's goals: the scenarios that run the jobs against the counting
proxy, the goals they are held to, and why a missed goal was missed (from the recorded requests)."""

from __future__ import annotations

import math

import authorship_bench
from clock import log
from seeding import FEEDBACK_ROOT, LANGS, STATUS_ROOT, TR_ROOT, feedback_group, status_group
from wikis import DEFAULT_GROUP, BenchWiki, Run, classify, describe

READ_GOAL_NO_CHANGE = 10
FEEDBACK_GOAL = 3


class Results:
    def __init__(self):
        self.runs: dict[str, Run] = {}
        self.goals: list[dict] = []
        self.notes: list[str] = []
        self.data: dict = {}

    def add(self, key: str, run: Run) -> Run:
        self.runs[key] = run
        status = "ok" if run.returncode == 0 else f"EXIT {run.returncode}"
        log(
            f"  {run.label}: {run.total} requests ({run.session} pywikibot, {run.job_reads} job reads, "
            f"{run.edits} edits, {run.writes} other writes), {run.wall:.1f} s, {run.rss_mb:.0f} MB [{status}]"
        )
        if run.returncode != 0:
            log("    " + "\n    ".join(run.output.strip().splitlines()[-8:]))
            self.notes.append(
                f"{run.label}: the job exited {run.returncode}: "
                + " | ".join(run.output.strip().splitlines()[-3:])
            )
        return run

    def goal(
        self,
        name: str,
        measured: int,
        limit: int,
        what: str,
        run: Run | None,
        extra_ok: bool = True,
        naive: int | None = None,
    ) -> None:
        """A request-count goal; ``run`` None for counts made without a job (the forum's)."""
        ok = measured <= limit and extra_ok and (run is None or run.returncode == 0)
        self.goals.append(
            {
                "goal": name,
                "measured": measured,
                "limit": limit,
                "what": what,
                "naive": naive,
                "pass": ok,
                "run": run.label if run else "",
            }
        )


def demo_and_no_change(bw: BenchWiki, res: Results) -> None:
    cfg = bw.config("demo", DEFAULT_GROUP)
    log("== demo: the three jobs on a freshly seeded devwiki, each in its own process (as ./dev demo)")
    for job in ("publish-update", "collect-feedback", "translation-status"):
        res.add(f"demo:{job}", bw.run(f"demo {job}", job, cfg))
    log("== no change: run-all after a first run-all")
    res.add("runall:1", bw.run("first run-all", "run-all", cfg))
    second = res.add("runall:2", bw.run("run-all after a first run-all", "run-all", cfg))
    res.goal(
        "no-change run-all: 0 edits and at most 10 read requests",
        second.reads,
        READ_GOAL_NO_CHANGE,
        "read requests (pywikibot's + the jobs')",
        second,
        extra_ok=second.edits == 0 and second.writes == 0,
        naive=naive_run_all(second),
    )
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
    one = res.add(
        "fb:one",
        bw.run(f"feedback N={n}: one page changed (--no-summary)", "collect-feedback", cfg, "--no-summary"),
    )
    res.goal(
        f"feedback, {n} talk pages, one changed: at most {FEEDBACK_GOAL} requests",
        one.total,
        FEEDBACK_GOAL,
        "requests (all, pywikibot's included)",
        one,
        extra_ok=one.counts().get("pages read") == 1 and one.edits == 0,
        naive=n,
    )
    add_comment(titles[2 * n // 3], "And a reply from me.")
    res.add(
        "fb:one+summary",
        bw.run(f"feedback N={n}: one page changed, summary updated", "collect-feedback", cfg),
    )
    authorship_bench.first_and_one_changed(res, n)
    authorship_bench.new_revisions(bw, res, cfg, titles[0])


def status_scale(bw: BenchWiki, res: Results, sizes: list[int], translate: bool) -> None:
    kind = "with Translate" if translate else "without Translate"
    log(f"== translation-status {kind}: P pages x {len(LANGS)} languages")
    root = TR_ROOT if translate else STATUS_ROOT
    L = len(LANGS)
    for p in sizes:
        pages = [
            f"{TR_ROOT}/Page {i:03d}" if translate else f"{STATUS_ROOT}/Page {i:04d}" for i in range(1, p + 1)
        ]
        table = f"{root}/Status table P{p}"
        cfg = bw.config(
            f"status-{p}", status_group(f"status-p{p}", pages, table, root), store=f"status-{p}.sqlite"
        )
        tag = "tr" if translate else "sub"
        res.add(
            f"st:{tag}:{p}:first",
            bw.run(
                f"status {kind} P={p}: first run (table written)",
                "translation-status",
                cfg,
                "--cache-pause",
                "1",
            ),
        )
        run = res.add(f"st:{tag}:{p}", bw.run(f"status {kind} P={p}: no change", "translation-status", cfg))
        floor = 2 + p if translate else 2 + math.ceil(p * L / 50)
        res.goal(
            f"status {kind}, P={p}, L={L}: at most {'2 + P' if translate else '2 + ceil(P*L/50)'} = {floor}",
            run.job_reads,
            floor,
            "the job's read requests",
            run,
            extra_ok=run.edits == 0,
            naive=p * (L + 1),
        )


# -- why a goal is missed


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
        kind = (
            "fresh"
            if params.get("curtimestamp")
            else "templates"
            if params.get("generator") == "templates"
            else "page"
            if params.get("prop") == "info|revisions" and "comment" in params.get("rvprop", "")
            else None
        )
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
            alone = {
                j: R[f"alone:{j}"]
                for j in ("publish-update", "collect-feedback", "translation-status")
                if f"alone:{j}" in R
            }
            per_job = ", ".join(f"{j} {r.job_reads}" for j, r in alone.items())
            text = (
                f"*{g['goal']}*: {run.reads} reads = {run.session} of pywikibot's session + "
                f"{run.job_reads} of the jobs ({per_job} when each runs alone)."
            )
            if n:
                steps = []
                if "fresh" in kinds:
                    steps.append("reads the page again with `curtimestamp` (`Wiki._read_for_edit`)")
                if "templates" in kinds:
                    steps.append("asks for its templates (`generator=templates`, pywikibot's `botMayEdit`)")
                if "page" in kinds:
                    steps.append("loads its latest revision (`prop=info|revisions`, pywikibot's page load)")
                text += (
                    f" {n} of them are the safe-write path entered for pages that do not change: "
                    + ", ".join(f"{t} ({c})" for t, c in pages.items())
                    + ". For each such page `Wiki.edit` (ldwg_bot/wiki/save.py) "
                    + ", then ".join(steps)
                    + ", although the job's batched read had already shown that nothing changes "
                    "(publish-update's `publish()` in ldwg_bot/updates/job.py calls `wiki.edit` for "
                    "every target; translation-status skips the save path when its transform gives "
                    f"the text back unchanged). Without them the run would make {run.reads - n} reads."
                )
            out.append(text)
        elif g["goal"].startswith("status") and "with Translate" in g["goal"]:
            reads = [p for m, pa, p in run.requests if classify(m, pa, p) == "read"]
            stats = sum(1 for p in reads if "messagegroupstats" in p.get("meta", ""))
            groups = sum(
                1
                for p in reads
                if "messagegroups" in p.get("meta", "").split("|")
                or (p.get("prop") == "info" and "languageinfo" not in p.get("meta", ""))
            )
            langs = sum(1 for p in reads if "languageinfo" in p.get("meta", ""))
            out.append(
                f"*{g['goal']}*: {run.job_reads} reads = {stats} `messagegroupstats` (one per page, "
                f"more when Translate's cache answers with a continuation) + {groups} "
                f"`messagegroups`/`prop=info` (titles in batches of 50) + {langs} `languageinfo` "
                f"(with the table page) + {run.job_reads - stats - groups - langs} other."
            )
        elif g["goal"].startswith("status"):
            batches = [
                p
                for m, pa, p in run.requests
                if classify(m, pa, p) == "read"
                and p.get("prop") == "revisions"
                and p.get("rvprop") == "timestamp"
            ]
            titles = sum(len(_titles(p)) for p in batches)
            others = run.job_reads - len(batches)
            out.append(
                f"*{g['goal']}*: {run.job_reads} reads = {others} (language names + the table "
                f"page{', + Translate' if 'with Translate' in g['goal'] else ''}) + {len(batches)} "
                f"title batches asking for {titles} titles: the source pages are asked for along "
                "with their language subpages (`title_batches` in ldwg_bot/translations/subpages.py "
                "builds P x (L + 1) titles), so the cost is 1 + ceil(P x (L + 1) / 50), over the "
                "floor 2 + ceil(P x L / 50) as soon as P x (L + 1) needs more than one extra batch."
            )
        else:
            out.append(
                f"*{g['goal']}*: {g['measured']} {g['what']} (limit {g['limit']}); requests: "
                + "; ".join(describe(*q) for q in run.requests)
            )
    return out
