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

The parts, by what they measure: ``api_requests.py`` (request counts and their goals, the
scenarios, why a goal is missed), ``parser_bench.py`` (parser speed and memory),
``adversarial.py`` (pages built to stall the parser), ``threading_rate.py`` (wrong parents),
``authorship_bench.py`` (the authorship check: time and history reads), ``forum.py``
(requests per forum topic), ``measure.py`` (a child's peak memory and wall time);
``seeding.py`` fills the wikis,
``report.py`` writes the results, ``wikis.py``/``proxy.py`` run and count.

Exit status: 0 when every request-count goal is met, 1 when one is missed
(the request counts are exact: this is a behaviour test), 2 when the
benchmark itself could not run. Speed and memory figures are recorded, not
asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

import adversarial  # noqa: E402
import authorship_bench  # noqa: E402
import forum  # noqa: E402
import language_bench  # noqa: E402
import parser_bench  # noqa: E402
import threading_rate  # noqa: E402
from api_requests import Results, demo_and_no_change, feedback_scale, status_scale  # noqa: E402
from clock import log  # noqa: E402
from report import machine, render  # noqa: E402
from seeding import seed_scale, seed_translate  # noqa: E402
from wikis import BenchWiki  # noqa: E402

from ldwg_bot.devwiki import DevWikiError, check_prerequisites  # noqa: E402
from ldwg_bot.devwiki.extensions import ExtensionsError, find_translate  # noqa: E402


def temp_root() -> tuple[Path, bool]:
    shm = Path("/dev/shm")
    try:
        if shm.is_dir() and os.access(shm, os.W_OK) and shutil.disk_usage(shm).free > 1 << 30:
            return Path(tempfile.mkdtemp(prefix="ldwg-bench-", dir=shm)), True
    except OSError:
        pass
    return Path(tempfile.mkdtemp(prefix="ldwg-bench-")), False


def parser_parts(res: Results) -> None:
    """The parser on adversarial pages, and the wrong-parent rate (no wiki; CPU only)."""
    log("== parser on adversarial pages (seconds per MB beside an ordinary page)")
    res.data["adversarial"] = adversarial.run([100_000, 1_000_000, 5_000_000], log=lambda m: log("  " + m))
    log("== threading: wrong parents on generated pages")
    res.data["threading"] = threading_rate.measure()
    log("  " + threading_rate.summary(res.data["threading"]))


def no_wiki_parts(res: Results) -> None:
    """The authorship check's time, and the forum's requests per topic (a loopback server)."""
    log("== authorship check (generated page history, no wiki)")
    res.data["authorship_time"] = authorship_bench.timing()
    log("  " + authorship_bench.summary(res.data["authorship_time"]))
    log("== memory of py3langid's model (child processes)")
    model = res.data["language_model_memory"] = language_bench.model_memory()
    log(
        f"  peak RSS: collect-feedback's imports {model['imports']:.0f} MB, with the model "
        f"{model['imports + model']:.0f} MB"
    )
    log("== forum reads (loopback Discourse-format server)")
    rows = res.data["forum"] = forum.measure(list(forum.SIZES))
    for r in rows:
        log(f"  topic of {r['posts']} posts: {r['first']} requests, then {r['no_change']} (goal {r['goal']})")
    res.goal(
        f"forum, topics of {', '.join(str(r['posts']) for r in rows)} posts: ceil(N/20) requests "
        "a topic, first run and no change",
        sum(r["first"] + r["no_change"] for r in rows),
        sum(2 * r["goal"] for r in rows),
        "requests in all",
        None,
        extra_ok=all(r["pass"] for r in rows),
        naive=sum(2 * r["naive"] for r in rows),
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench/run.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--status-pages", default="1,10,100,500", help="P values without Translate")
    ap.add_argument(
        "--translate-pages",
        default="1,10",
        help="P values with Translate (marking is slow: 100 adds about 4 minutes)",
    )
    ap.add_argument("--feedback-pages", type=int, default=50)
    ap.add_argument(
        "--no-parser",
        action="store_true",
        help="skip the parser parts: speed, memory, adversarial pages, threading",
    )
    ap.add_argument("--out", default=str(HERE), help="folder for results.md / results.json")
    ap.add_argument(
        "--mediawiki",
        metavar="DIR|BRANCH",
        help="MediaWiki of the wikis: a core folder or 1.39/1.43 (default: the system's)",
    )
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
    extensions, skipped = None, ""
    if tr_sizes:
        try:
            extensions = find_translate(None, core.dir)
        except ExtensionsError as exc:
            skipped = f"The with-Translate rows are skipped: {exc}"
            print(f"bench: {skipped}", file=sys.stderr)
            tr_sizes = []

    started = time.perf_counter()
    tmp, tmpfs = temp_root()
    log(f"bench: working in {tmp}")
    wikis: list[BenchWiki] = []
    res = Results()
    if skipped:
        res.notes.append(skipped)

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
            f"scale devwiki: importDump of {scale_info['pages']} pages": f"{scale_info['import_s']:.1f} s",
        }
        if tr_info:
            res.data["setup"][
                f"Translate devwiki: create + mark {tr_info['pages']} pages, translate, one runJobs"
            ] = f"{tr_info['total_s']:.1f} s (runJobs {tr_info['run_jobs_s']:.1f} s)"
        res.data["translate_note"] = (
            (
                f"With Translate only P in {', '.join(map(str, tr_sizes))} are measured by default: "
                "marking is "
                "slow on this MediaWiki (P = 100 adds about two minutes of set-up: creating, marking and one "
                "runJobs); `--translate-pages 1,10,100` measures it too."
            )
            if tr_sizes
            else ""
        )
        log(f"   set-up done in {time.perf_counter() - started:.0f} s")
        info = machine(demo.mediawiki_version(), tmpfs)
        info["mediawiki_core"] = core.source

        demo_and_no_change(demo, res)
        feedback_scale(scale, res, args.feedback_pages)
        res.data["authorship_reads"] = authorship_bench.reads_table(res)
        status_scale(scale, res, status_sizes, translate=False)
        if tr:
            status_scale(tr, res, tr_sizes, translate=True)
        for bw in wikis:  # nothing else runs while the parser is timed
            bw.stop()
        if not args.no_parser:
            log("== parser speed")
            res.data["parser_speed"] = parser_bench.speed(log=log)
            log("== parser memory (5 MB page, child processes)")
            res.data["parser_memory"] = parser_bench.memory(tmp)
            m = res.data["parser_memory"]
            log(
                f"  peak RSS: parse_comments {m['parse_comments']:.0f} MB, mwparserfromhell "
                f"{m['mwparserfromhell']:.0f} MB, baseline {m['nothing']:.0f} MB"
            )
            parser_parts(res)
        no_wiki_parts(res)

        elapsed = time.perf_counter() - started
        text = render(res, info, elapsed)
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "results.md").write_text(text + "\n", encoding="utf-8")
        (out / "results.json").write_text(
            json.dumps(
                {
                    "machine": info,
                    "elapsed_s": round(elapsed, 1),
                    "goals": res.goals,
                    "runs": {k: r.to_dict() for k, r in res.runs.items()},
                    **{k: v for k, v in res.data.items() if k != "translate_note"},
                    "notes": res.notes,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n",
            encoding="utf-8",
        )
        when = (
            f"From `./dev bench` on {info['date']}, {info['cpu']} ({info['cpus']} CPUs, shared "
            f"machine), code at {info['commit']}"
        )
        if "adversarial" in res.data:
            (out / "adversarial.md").write_text(
                adversarial.document(res.data["adversarial"], when), encoding="utf-8"
            )
        (out / "forum-results.md").write_text(forum.markdown(res.data["forum"], when), encoding="utf-8")
        print()
        print(text)
        failed = [g for g in res.goals if not g["pass"]]
        print(
            f"\nbench: {len(res.goals) - len(failed)}/{len(res.goals)} request-count goals met; "
            f"results in {out / 'results.md'} and results.json ({elapsed:.0f} s)"
        )
        code = 1 if failed else 0
    except KeyboardInterrupt as exc:
        print(f"bench: interrupted ({exc}); stopping the wikis", file=sys.stderr)
        code = 2
    except Exception:  # noqa: BLE001  -- the wikis must stop whatever happened
        traceback.print_exc()
        print("bench: the benchmark could not finish; stopping the wikis", file=sys.stderr)
        code = 2
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for bw in wikis:
            try:
                bw.stop()
            except Exception as exc:  # noqa: BLE001
                print(f"bench: could not stop {bw.name}: {exc}", file=sys.stderr)
        if args.keep:
            print(f"bench: kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
