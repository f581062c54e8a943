"""Run the jobs on the configured timetable until stopped (SIGTERM / Ctrl-C).

Each run is a child process (``python -m ldwg_bot <job> -always ...``), so a
job that fails or hangs never takes the scheduler or the other jobs down;
the job's own lock keeps a scheduled run and a hand run apart. Every run is
logged with its exit code and duration; a failure is reported and the
timetable goes on. On SIGTERM the scheduler lets the running child finish
its current edit (SIGTERM to it, then waits) and exits 0.

The timetable comes from ``[schedule]`` in the config (minutes between runs;
0 leaves a job out). ``--time-scale`` compresses it for tests and trials:
``--time-scale 1`` makes each configured minute one second.
"""
from __future__ import annotations

import argparse
import logging
import signal
import subprocess
import sys
import time

import schedule

from ..context import Context

log = logging.getLogger("ldwg_bot")
TIMETABLE = (("collect-feedback", "feedback_minutes"), ("translation-status", "translations_minutes"),
             ("publish-update", "updates_minutes"))


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--time-scale", type=float, default=60.0, metavar="SECONDS",
                        help="seconds per configured minute (default 60)")
    parser.add_argument("--max-runs", type=int, default=0,
                        help="stop after this many job runs (0: run until SIGTERM)")
    parser.add_argument("--job-timeout", type=float, default=3600,
                        help="seconds before a hanging job run is ended (default 3600)")


class Scheduler:
    def __init__(self, ctx: Context, pwb_args: list[str]):
        self.ctx = ctx
        self.pwb_args = pwb_args
        self.stopping = False
        self.child: subprocess.Popen | None = None
        self.runs = 0
        self.failures = 0

    def command(self, job: str) -> list[str]:
        cmd = [sys.executable, "-m", "ldwg_bot", job, "-always", *self.pwb_args]
        if self.ctx.args.config:
            cmd += ["--config", self.ctx.args.config]
        if self.ctx.args.group:
            cmd += ["--group", self.ctx.args.group]
        return cmd

    def run_job(self, job: str) -> None:
        if self.stopping:
            return
        started = time.monotonic()
        log.info("scheduled run of %s starts", job)
        self.child = subprocess.Popen(self.command(job), stdin=subprocess.DEVNULL)
        try:
            code = self.child.wait(timeout=self.ctx.args.job_timeout)
        except subprocess.TimeoutExpired:
            self.child.terminate()
            code = self.child.wait()
            log.error("%s took longer than %.0fs and was ended", job, self.ctx.args.job_timeout)
        self.child = None
        self.runs += 1
        took = time.monotonic() - started
        if code == 0:
            log.info("%s finished in %.1fs", job, took)
        else:
            self.failures += 1
            log.error("%s failed with exit code %d after %.1fs; the timetable goes on", job, code, took)
            self.ctx.report.warnings.append(f"{job} failed with exit code {code}")

    def stop(self, signum, frame) -> None:
        log.info("signal %d: stopping after the current run", signum)
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)

    def loop(self) -> None:
        scale = self.ctx.args.time_scale
        sched = schedule.Scheduler()
        cfg = self.ctx.config.schedule
        for job, key in TIMETABLE:
            minutes = getattr(cfg, key)
            if minutes > 0:
                sched.every(minutes * scale).seconds.do(self.run_job, job)
                log.info("%s every %s minute(s)", job, minutes)
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for job in list(sched.jobs):  # first round at once, then on the timetable
            if self.stopping:
                break
            job.run()
        while not self.stopping:
            if self.ctx.args.max_runs and self.runs >= self.ctx.args.max_runs:
                break
            sched.run_pending()
            idle = sched.idle_seconds
            time.sleep(min(max(idle or 0.2, 0.05), 1.0))
        log.info("scheduler stopped after %d run(s), %d failed", self.runs, self.failures)
        self.ctx.report.count("runs", self.runs)
        self.ctx.report.count("failed", self.failures)


def run(ctx: Context) -> None:
    Scheduler(ctx, ctx.pwb_args).loop()
