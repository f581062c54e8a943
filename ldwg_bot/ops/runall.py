"""Run every job once: publish-update, collect-feedback, translation-status.

A failing job does not stop the others; the exit code is 1 when any failed.
Any failure is contained: an :class:`LdwgError` (bad input, a page the bot
must not touch) and equally an unexpected exception (a bug, a malformed
answer of the wiki or the forum) becomes one line naming the job, and the
next job runs; ``--verbose`` also logs the unexpected one's traceback.
Only SIGTERM (:class:`Terminated`) and Ctrl-C stop the run. All jobs share one connection to the wiki, so site
information is read once, and the store (:meth:`Context.for_job`). Each job takes its own lock, as a run by
hand or by the scheduler does: a job whose lock is held is reported as failed and the others still run.
"""

from __future__ import annotations

import argparse
import importlib
import logging

from ..errors import LdwgError
from ..runtime.context import Context
from ..runtime.stop import Terminated
from .lock import lock_for

ORDER = ("publish-update", "collect-feedback", "translation-status")
log = logging.getLogger("ldwg_bot")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--skip", action="append", default=[], choices=ORDER, help="leave this job out (may repeat)"
    )


def run(ctx: Context) -> None:
    from ..cli import JOBS, job_parser

    stopped: Terminated | None = None
    for name in ORDER:
        if name in ctx.args.skip:
            continue
        module = importlib.import_module(JOBS[name])
        args = job_parser(name, module).parse_args([])
        for common in ("config", "group", "store", "verbose"):
            if hasattr(ctx.args, common):
                setattr(args, common, getattr(ctx.args, common))
        sub = ctx.for_job(name, args)
        try:
            with lock_for(sub, name):
                module.run(sub)
        except LdwgError as exc:
            sub.report.errors.append(str(exc))
        except Terminated as exc:  # SIGTERM: keep what this job reported, start no other
            stopped = exc
        except Exception as exc:  # contained: the other jobs still run
            sub.report.errors.append(unexpected_failure(exc, ctx.args.verbose))
        for change in sub.report.changes:
            ctx.report.changes.append(change)
        for key, value in sub.report.counts.items():
            ctx.report.count(f"{name}: {key}", value)
        ctx.report.notes += [f"{name}: {n}" for n in sub.report.notes]
        ctx.report.warnings += [f"{name}: {w}" for w in sub.report.warnings]
        ctx.report.errors += [f"{name}: {e}" for e in sub.report.errors]
        if stopped is not None:
            raise stopped
    if ctx.report.errors:
        ctx.report.exit_code = 1


def unexpected_failure(exc: Exception, verbose: bool) -> str:
    """The one line for an exception no job expected; with ``verbose`` its traceback is
    logged first (a bug report needs it; a user's screen does not)."""
    from ..cli import _wiki_failure

    if verbose:
        log.error("traceback of the failure:", exc_info=exc)
    known = _wiki_failure(exc)
    if known is not None:
        return known
    text = " ".join(str(exc).split())[:300] or "(no message)"
    hint = "" if verbose else " (--verbose shows the traceback)"
    return f"failed unexpectedly: {type(exc).__name__}: {text}; this job stopped, the others ran{hint}"
