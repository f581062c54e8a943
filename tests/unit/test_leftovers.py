"""A run killed mid-write (SIGKILL, the OOM killer, a pod evicted) leaves its hidden temporary
copy beside the export, and a killed -simulate run its scratch folder; the next run removes
them, and nothing else (issue 23)."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap

from ldwg_bot.runtime.textfile import temporary_folder, write_atomic


def _killed(code: str, env: dict | None = None) -> None:
    """Run ``code`` in a child that SIGKILLs itself where it says ``die()``."""
    prelude = "import os, signal\ndef die():\n    os.kill(os.getpid(), signal.SIGKILL)\n"
    proc = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)], env={**os.environ, **(env or {})}
    )
    assert proc.returncode == -signal.SIGKILL


def test_a_killed_export_leaves_a_copy_the_next_write_removes(tmp_path):
    target = tmp_path / "feedback.csv"
    target.write_text("old\n")
    _killed(f"""
        from ldwg_bot.runtime.textfile import write_atomic
        def half(fh):
            fh.write("half a"); fh.flush(); die()
        write_atomic({str(target)!r}, half)
    """)
    left = [p for p in tmp_path.iterdir() if p != target]
    assert len(left) == 1 and left[0].name.startswith(".feedback.csv.")  # what a kill leaves
    mine = tmp_path / f".feedback.csv.ldwg-{socket.gethostname()}-{os.getpid()}-live.tmp"
    mine.write_text("a run still writing")  # its pid is alive: not a leftover
    others = [
        tmp_path / ".feedback.csv.swp",
        tmp_path / ".other.csv.ldwg-x-1-y.tmp",
        tmp_path / ".feedback.csv.ldwg-otherhost-1-z.tmp",
    ]
    for p in others:
        p.write_text("not ours to remove")
    write_atomic(target, lambda fh: fh.write("new\n"))
    assert target.read_text() == "new\n"
    assert sorted(tmp_path.iterdir()) == sorted([target, mine, *others])


def test_a_killed_simulate_run_leaves_a_folder_the_next_start_removes(tmp_path, monkeypatch):
    scratch_parent = tmp_path / "tmp"
    scratch_parent.mkdir()
    _killed(
        """
        from ldwg_bot.runtime.textfile import temporary_folder
        folder = temporary_folder("ldwg-bot-simulate-")
        (folder / "throttle.ctrl").write_text("x")
        die()
    """,
        env={"TMPDIR": str(scratch_parent)},
    )
    (left,) = scratch_parent.iterdir()
    assert left.name.startswith("ldwg-bot-simulate-") and (left / "throttle.ctrl").exists()
    unrelated = scratch_parent / "ldwg-bot-simulate-notes"
    unrelated.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_parent))
    fresh = temporary_folder("ldwg-bot-simulate-")
    assert sorted(scratch_parent.iterdir()) == sorted([fresh, unrelated])


def test_any_start_removes_a_killed_simulate_runs_folder(tmp_path, monkeypatch):
    """Not only the next -simulate run: every run's start looks (a killed look is often followed
    by the real run)."""
    from contextlib import ExitStack

    from ldwg_bot.wiki import startup

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    stale = tmp_path / f"ldwg-bot-simulate-ldwg-{socket.gethostname()}-999999999-abc"
    stale.mkdir()
    monkeypatch.setattr("ldwg_bot.wiki.startup.start_pywikibot", lambda *a, **k: [])
    monkeypatch.setenv("PYWIKIBOT_DIR", str(tmp_path))
    with ExitStack() as files:
        startup.prepare_pywikibot([], None, True, files, api_url="http://127.0.0.1:9/api.php")
    assert not stale.exists()
