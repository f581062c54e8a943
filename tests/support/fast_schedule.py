"""``ldwg-bot schedule`` on a compressed timetable, with a run limit: for the tests only.

Why: the shipped command runs on real minutes until SIGTERM, and a user has no use for
anything else; tests need a minute that lasts seconds and a bounded number of runs. Those two
knobs are :class:`ldwg_bot.ops.scheduler.Scheduler`'s arguments, not options of the command;
this entry sets them and runs the real CLI otherwise unchanged (parsing, config, logging,
child processes, signals)::

    python -c ... --seconds-per-minute 2 [--max-runs N] -- [ldwg-bot schedule options]

(:func:`command` writes the whole line.)
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def command(*schedule_args: str, seconds_per_minute: float, max_runs: int = 0) -> list[str]:
    """The argv of a scheduler process; it finds ``tests`` whatever the caller's folder."""
    boot = (
        f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
        "from tests.support.fast_schedule import main; sys.exit(main())"
    )
    return [
        sys.executable,
        "-c",
        boot,
        "--seconds-per-minute",
        f"{seconds_per_minute:g}",
        "--max-runs",
        str(max_runs),
        "--",
        *schedule_args,
    ]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    cut = argv.index("--") if "--" in argv else len(argv)
    knobs = argparse.ArgumentParser(prog="fast_schedule")
    knobs.add_argument("--seconds-per-minute", type=float, required=True)
    knobs.add_argument("--max-runs", type=int, default=0)
    args = knobs.parse_args(argv[:cut])

    from ldwg_bot import cli
    from ldwg_bot.ops import scheduler

    def run(ctx) -> None:
        scheduler.Scheduler(
            ctx, ctx.pwb_args, seconds_per_minute=args.seconds_per_minute, max_runs=args.max_runs
        ).loop()

    scheduler.run = run  # what the CLI calls for "schedule"; the rest is the real command
    return cli.main(["schedule", *argv[cut + 1 :]])
