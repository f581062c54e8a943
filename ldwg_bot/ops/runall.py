"""Run every job once: publish-update, collect-feedback, translation-status.

A failing job does not stop the others; the exit code is 1 when any failed.
All jobs share one connection to the wiki, so site information is read once.
"""
from __future__ import annotations

import argparse
import importlib

from ..context import Context
from ..errors import LdwgError
from ..report import Report

ORDER = ("publish-update", "collect-feedback", "translation-status")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--skip", action="append", default=[], choices=ORDER,
                        help="leave this job out (may repeat)")


def run(ctx: Context) -> None:
    from ..cli import JOBS, job_parser

    for name in ORDER:
        if name in ctx.args.skip:
            continue
        module = importlib.import_module(JOBS[name])
        args = job_parser(name, module).parse_args([])
        for common in ("config", "group", "store", "verbose"):
            if hasattr(ctx.args, common):
                setattr(args, common, getattr(ctx.args, common))
        sub = Context(config=ctx.config, args=args, report=Report(job=name),
                      wiki_factory=lambda: ctx.wiki, always=ctx.always, now=ctx.now)
        sub._store = ctx._store
        try:
            module.run(sub)
        except LdwgError as exc:
            sub.report.errors.append(str(exc))
        ctx._store = sub._store
        for change in sub.report.changes:
            ctx.report.changes.append(change)
        for key, value in sub.report.counts.items():
            ctx.report.count(f"{name}: {key}", value)
        ctx.report.notes += [f"{name}: {n}" for n in sub.report.notes]
        ctx.report.warnings += [f"{name}: {w}" for w in sub.report.warnings]
        ctx.report.errors += [f"{name}: {e}" for e in sub.report.errors]
    if ctx.report.errors:
        ctx.report.exit_code = 1
