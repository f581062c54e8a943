"""A clone without ../shared collects cleanly: tests that need it skip, naming what is missing.

A module that reads a fixture at import time used to turn that skip into a
collection error, which is what a user without ../shared would have seen.
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_collection_without_shared_skips_and_never_errors(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "LDWG_BOT_REQUIRE_SHARED"}
    env["LDWG_BOT_SHARED"] = str(tmp_path / "no-shared")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:randomly",
            "-p",
            "no:cacheprovider",
            "tests",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "error" not in done.stdout.lower().split("short test summary")[-1]
    assert f"needs {tmp_path / 'no-shared'}" in done.stdout
