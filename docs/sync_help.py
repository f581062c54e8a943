"""Keep each job's docs page showing exactly what ``ldwg-bot JOB --help`` prints.

Why: the job's module docstring is the one source of its usage and options
(``-help`` prints it); the docs page embeds that output between markers
instead of a second, hand-written copy that would drift. ``--check`` (and
tests/unit/test_docs.py) reports a page whose block differs; without it the
blocks are rewritten.

    .venv/bin/python docs/sync_help.py [--check]
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
JOBS = ("publish-update", "collect-feedback", "translation-status")
#: argparse wraps the option list to the terminal; a fixed width keeps the block stable.
WIDTH = "100"


def help_text(job: str) -> str:
    """What a user sees for ``ldwg-bot JOB --help``, run as a user runs it."""
    env = {**os.environ, "COLUMNS": WIDTH}
    done = subprocess.run(
        [sys.executable, "-m", "ldwg_bot", job, "--help"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=DOCS,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ldwg-bot {job} --help exited {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def markers(job: str) -> tuple[str, str]:
    return f"<!-- help:{job}:start -->", f"<!-- help:{job}:end -->"


def embedded(page: str, job: str) -> str | None:
    """The help text between the page's markers (None when the markers are missing)."""
    start, end = markers(job)
    m = re.search(re.escape(start) + r"\n```text\n(.*?)```\n" + re.escape(end), page, re.S)
    return m.group(1) if m else None


def with_help(page: str, job: str, text: str) -> str:
    start, end = markers(job)
    block = f"{start}\n```text\n{text}```\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(page):
        raise ValueError(f"docs/{job}.md: no {start} ... {end} markers")
    return pattern.sub(lambda _: block, page)


def main(argv: list[str]) -> int:
    stale = []
    for job in JOBS:
        path = DOCS / f"{job}.md"
        page = path.read_text(encoding="utf-8")
        text = help_text(job)
        if embedded(page, job) == text:
            continue
        stale.append(path.name)
        if "--check" not in argv:
            path.write_text(with_help(page, job, text), encoding="utf-8")
    if stale and "--check" in argv:
        print(
            f"docs/sync_help.py: out of date: {', '.join(stale)}; run .venv/bin/python docs/sync_help.py",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
