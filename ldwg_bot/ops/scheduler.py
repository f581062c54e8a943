"""Run the jobs on the configured timetable until stopped (SIGTERM / Ctrl-C).

Each run is a child process (``python -m ldwg_bot <job> -always ...``, with
the scheduler's config file, ``--config-page``, ``--group``, ``--verbose`` and
pywikibot options such as ``-simulate``), so a job that fails or hangs never
takes the scheduler or the other jobs down; the job's own lock keeps a
scheduled run and a hand run apart. Every run is logged with its exit code
and duration; a failure is one line and the timetable goes on.

``--job-timeout`` ends a run that takes longer for real: SIGTERM first (the
job finishes the edit in flight and exits 143, see :mod:`ldwg_bot.runtime.stop`),
then, if it is still there ``--kill-after`` seconds later (an edit that never
gets an answer), SIGKILL to its whole process group. A killed job has written
nothing half: the store's transaction is not committed, its ``flock`` lock
dies with it. On SIGTERM the scheduler ends the running child the same way
(SIGTERM, SIGKILL after the grace) and exits 0.

The timetable comes from ``[schedule]`` in the config (minutes between runs;
0 leaves a job out). The tests compress it and stop after a number of runs
through :class:`Scheduler`'s own arguments (``tests/support/fast_schedule.py``), so
those knobs are no options of the shipped command.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time

import schedule

from ..runtime.context import Context

log = logging.getLogger("ldwg_bot")
#: Seconds between SIGTERM and SIGKILL: a save in flight gets an answer or times out well
#: within it (pywikibot's read timeout here is 30 s per try).
KILL_GRACE = 30.0
TIMETABLE = (
    ("collect-feedback", "feedback_minutes"),
    ("translation-status", "translations_minutes"),
    ("publish-update", "updates_minutes"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--job-timeout",
        type=float,
        default=3600,
        metavar="SECONDS",
        help="seconds before a hanging job run is ended with SIGTERM (default 3600)",
    )
    parser.add_argument(
        "--kill-after",
        type=float,
        default=KILL_GRACE,
        metavar="SECONDS",
        help="seconds a job may take to stop after SIGTERM before it gets SIGKILL "
        f"(default {KILL_GRACE:.0f})",
    )


class Scheduler:
    def __init__(
        self, ctx: Context, pwb_args: list[str], *, seconds_per_minute: float = 60.0, max_runs: int = 0
    ):
        """``seconds_per_minute`` and ``max_runs`` (0: until SIGTERM) exist for the tests."""
        self.ctx = ctx
        self.pwb_args = pwb_args
        self.seconds_per_minute = seconds_per_minute
        self.max_runs = max_runs
        self.stopping = False
        self.child: subprocess.Popen | None = None
        self.runs = 0
        self.failures = 0

    def command(self, job: str) -> list[str]:
        args = self.ctx.args
        cmd = [sys.executable, "-m", "ldwg_bot", job, "-always", *self.pwb_args]
        for option, value in (
            ("--config", getattr(args, "config", None)),
            ("--config-page", getattr(args, "config_page", None)),
            ("--group", getattr(args, "group", None)),
        ):
            if value:
                cmd += [option, value]
        if getattr(args, "verbose", False):
            cmd.append("--verbose")
        return cmd

    def run_job(self, job: str) -> None:
        """One run of ``job`` as a child; whatever happens, one line and the timetable goes on."""
        if self.stopping:
            return
        started = time.monotonic()
        log.info("scheduled run of %s starts", job)
        try:
            self.child = subprocess.Popen(
                self.command(job), stdin=subprocess.DEVNULL, start_new_session=True
            )  # its own group, for SIGKILL
            code, ended = self.wait(self.child)
        except Exception as exc:  # e.g. the interpreter cannot be started: still contained
            code, ended = -1, f"could not be run: {type(exc).__name__}: {exc}"
        finally:
            self.child = None
        self.runs += 1
        took = time.monotonic() - started
        if code == 0 and not ended:
            log.info("%s finished in %.1fs", job, took)
            return
        self.failures += 1
        what = ended or f"failed with exit code {code}"
        log.error("%s %s after %.1fs; the timetable goes on", job, what, took)
        self.ctx.report.warnings.append(f"{job} {what}")

    def wait(self, child: subprocess.Popen) -> tuple[int, str]:
        """(exit code, how it was ended: '' when it ended by itself). Past ``--job-timeout``
        (or once the scheduler is stopping) SIGTERM, then SIGKILL after ``--kill-after``."""
        args = self.ctx.args
        deadline = time.monotonic() + args.job_timeout
        termed_at: float | None = None
        ended = ""
        while True:
            try:
                return child.wait(timeout=0.2), ended
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if termed_at is None and (now >= deadline or self.stopping):
                child.terminate()  # the one place a child gets SIGTERM (never twice)
                if not self.stopping:
                    ended = f"took longer than --job-timeout {args.job_timeout:g}s and was ended with SIGTERM"
                termed_at = now
            elif termed_at is not None and now - termed_at >= args.kill_after:
                _kill_group(child)
                code = child.wait()
                why = (
                    f"took longer than --job-timeout {args.job_timeout:g}s"
                    if ended
                    else "was stopped with the scheduler"
                )
                return (
                    code,
                    f"{why} and did not stop within {args.kill_after:g}s of SIGTERM: killed (SIGKILL)",
                )

    def stop(self, signum, frame) -> None:
        """Signal handler: :meth:`wait` passes SIGTERM on to the running child within 0.2 s."""
        log.info("signal %d: stopping after the current run", signum)
        self.stopping = True

    def loop(self) -> None:
        scale = self.seconds_per_minute
        sched = schedule.Scheduler()
        assert self.ctx.config is not None  # a scheduler runs with a loaded configuration
        cfg = self.ctx.config.schedule
        for job, key in TIMETABLE:
            minutes = getattr(cfg, key)
            if minutes > 0:
                sched.every(minutes * scale).seconds.do(self.run_job, job)
                log.info("%s every %s minute(s)", job, minutes)
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        for first in list(sched.jobs):  # first round at once, then on the timetable
            if self.stopping:
                break
            first.run()
        while not self.stopping:
            if self.max_runs and self.runs >= self.max_runs:
                break
            sched.run_pending()
            idle = sched.idle_seconds
            time.sleep(min(max(idle or 0.2, 0.05), 1.0))
        log.info("scheduler stopped after %d run(s), %d failed", self.runs, self.failures)
        self.ctx.report.count("runs", self.runs)
        self.ctx.report.count("failed", self.failures)


def _kill_group(child: subprocess.Popen) -> None:
    """SIGKILL to the child and anything it started (its own session, see run_job)."""
    try:
        os.killpg(child.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        child.kill()


def run(ctx: Context) -> None:
    Scheduler(ctx, ctx.pwb_args).loop()
