"""The scheduler's children are real processes: a hanging one is ended for real (SIGTERM, then
SIGKILL to its whole process group after the grace), a failing one is one line, and the next
run still starts. Each test takes a few seconds at most."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from ldwg_bot.ops.scheduler import Scheduler
from ldwg_bot.runtime.report import Report

IGNORES_SIGTERM = """
import os, signal, subprocess, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
open(sys.argv[1], "w").write(f"{os.getpid()} {grandchild.pid}")
time.sleep(60)
"""
SLEEPS = "import sys, time; open(sys.argv[1], 'w').write('up'); time.sleep(60)"
FAILS = "import sys; sys.exit(3)"


class Fake(Scheduler):
    """Runs ``python -c CODE PIDFILE`` instead of a job: same Popen, wait and logging."""

    def __init__(self, code: str, pidfile: Path, **args):
        # 2 s: the child has surely set up its signals by then, even on a loaded machine
        defaults = dict(
            job_timeout=2.0, kill_after=0.6, config=None, config_page=None, group=None, verbose=False
        )
        super().__init__(
            SimpleNamespace(args=SimpleNamespace(**{**defaults, **args}), report=Report(job="schedule")), []
        )
        self.code, self.pidfile = code, pidfile

    def command(self, job: str) -> list[str]:
        return [sys.executable, "-c", self.code, str(self.pidfile)]


@pytest.fixture
def lines():
    records: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Keep()
    logger = logging.getLogger("ldwg_bot")
    logger.addHandler(handler)
    old = logger.level
    logger.setLevel(logging.INFO)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(old)


def gone(pid: int, within: float = 5.0) -> bool:
    """No such process (or only a zombie waiting for its reaper) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def test_a_child_that_ignores_sigterm_is_killed_with_its_children(tmp_path, lines):
    sched = Fake(IGNORES_SIGTERM, tmp_path / "pids")
    started = time.monotonic()
    sched.run_job("collect-feedback")
    took = time.monotonic() - started
    assert 2.5 <= took < 10, took
    child, grandchild = map(int, (tmp_path / "pids").read_text().split())
    assert gone(child) and gone(grandchild)
    assert sched.runs == 1 and sched.failures == 1
    failed = [line for line in lines if "collect-feedback" in line and "starts" not in line]
    assert len(failed) == 1, lines
    assert failed[0].startswith(
        "collect-feedback took longer than --job-timeout 2s and did not stop "
        "within 0.6s of SIGTERM: killed (SIGKILL) after "
    )
    assert failed[0].endswith("; the timetable goes on")
    assert sched.ctx.report.warnings == [failed[0].split(" after ")[0]]


def test_a_child_that_obeys_sigterm_is_ended_by_it(tmp_path, lines):
    sched = Fake(SLEEPS, tmp_path / "up", kill_after=30)
    started = time.monotonic()
    sched.run_job("translation-status")
    assert time.monotonic() - started < 8 and (tmp_path / "up").exists()
    assert [
        line for line in lines if "starts" not in line
    ] and "translation-status took longer than --job-timeout 2s and was ended with SIGTERM" in lines[-1]


def test_a_failure_is_one_line_and_the_next_run_starts(tmp_path, lines):
    sched = Fake(FAILS, tmp_path / "x")
    sched.run_job("publish-update")
    sched.code = "pass"
    sched.run_job("collect-feedback")
    assert sched.runs == 2 and sched.failures == 1
    assert any(line.startswith("publish-update failed with exit code 3 after ") for line in lines)
    assert any(line.startswith("collect-feedback finished in ") for line in lines)


def test_a_child_that_cannot_start_is_contained(tmp_path, lines):
    sched = Fake("", tmp_path / "x")
    sched.command = lambda job: [str(tmp_path / "no-such-python")]
    sched.run_job("collect-feedback")
    assert sched.failures == 1 and "collect-feedback could not be run: FileNotFoundError" in lines[-1]


def test_stopping_the_scheduler_ends_a_hanging_child_too(tmp_path, lines):
    sched = Fake(IGNORES_SIGTERM, tmp_path / "pids", job_timeout=600)

    def stop_once_it_runs():
        deadline = time.monotonic() + 20
        while not (tmp_path / "pids").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.2)
        sched.stop(15, None)

    threading.Thread(target=stop_once_it_runs, daemon=True).start()
    started = time.monotonic()
    sched.run_job("collect-feedback")
    assert time.monotonic() - started < 20
    child, grandchild = map(int, (tmp_path / "pids").read_text().split())
    assert gone(child) and gone(grandchild)
    assert (
        "collect-feedback was stopped with the scheduler and did not stop within 0.6s of SIGTERM: "
        "killed (SIGKILL)" in lines[-1]
    )


def test_children_get_config_page_config_group_verbose_and_pywikibot_options():
    ctx = SimpleNamespace(
        args=SimpleNamespace(
            config="my.toml", config_page="User:LdwgBot/config.json", group="ldwg", verbose=True
        )
    )
    cmd = Scheduler(ctx, ["-simulate", "-lang:en"]).command("translation-status")
    assert cmd == [
        sys.executable,
        "-m",
        "ldwg_bot",
        "translation-status",
        "-always",
        "-simulate",
        "-lang:en",
        "--config",
        "my.toml",
        "--config-page",
        "User:LdwgBot/config.json",
        "--group",
        "ldwg",
        "--verbose",
    ]
    assert os.path.basename(cmd[0]).startswith("python")
