"""One run per job at a time; a dead run's lock is taken over."""

import os
import subprocess
import sys
import textwrap

import pytest

from ldwg_bot.ops.lock import job_lock


def test_second_holder_is_refused_with_the_holder_named(tmp_path):
    with job_lock(tmp_path, "collect-feedback"):
        child = subprocess.run(
            [
                sys.executable,
                "-c",
                textwrap.dedent(f"""
                from pathlib import Path
                from ldwg_bot.ops.lock import job_lock
                with job_lock(Path({str(tmp_path)!r}), "collect-feedback"):
                    pass
            """),
            ],
            capture_output=True,
            text=True,
        )
        assert child.returncode != 0
        assert "collect-feedback is already running (pid " + str(os.getpid()) in child.stderr


def test_other_jobs_are_not_blocked(tmp_path):
    with job_lock(tmp_path, "collect-feedback"):
        with job_lock(tmp_path, "translation-status"):
            pass


def test_stale_lock_of_a_dead_process_is_taken_over(tmp_path):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from ldwg_bot.ops.lock import job_lock
        with job_lock(Path({str(tmp_path)!r}), "publish-update"):
            os.kill(os.getpid(), signal.SIGKILL)
    """),
        ]
    )
    proc.wait()
    assert (tmp_path / "publish-update.lock").read_text().startswith(f"pid {proc.pid}")
    with job_lock(tmp_path, "publish-update") as path:
        assert path.read_text().startswith(f"pid {os.getpid()}")


def test_lock_is_released_after_an_error(tmp_path):
    with pytest.raises(RuntimeError):
        with job_lock(tmp_path, "x"):
            raise RuntimeError("boom")
    with job_lock(tmp_path, "x"):
        pass


def _context(tmp_path, store):
    import argparse

    from ldwg_bot.config import Config
    from ldwg_bot.runtime.context import Context
    from ldwg_bot.runtime.report import Report

    cfg = Config(store=str(tmp_path / "configured" / "ldwg-bot.sqlite"), source=str(tmp_path / "x.toml"))
    return Context(
        config=cfg, args=argparse.Namespace(store=store), report=Report(job="x"), wiki_factory=lambda: None
    )


def test_locks_live_beside_the_store_that_store_names(tmp_path):
    """``--store`` picks the store, and so the locks: two runs on one store share a lock, a run
    on another store (a test, a second group's data) never waits for them."""
    other = tmp_path / "elsewhere" / "mine.sqlite"
    assert _context(tmp_path, str(other)).lock_dir == other.parent / "locks"
    assert _context(tmp_path, None).lock_dir == tmp_path / "configured" / "locks"
