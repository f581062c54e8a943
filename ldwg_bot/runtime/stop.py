"""Stopping on SIGTERM (the scheduler's timeout, Toolforge's) without leaving a mess.

:func:`handle_sigterm` turns SIGTERM into :class:`Terminated`, raised in the
main thread where the job is. Outside a save it is raised at once: the page
being worked on is abandoned, the open store transaction rolls back, and the
lock and the store are released on the way out. During a save (inside
:func:`finish_first`) it waits until that one edit has been answered, so an
edit is never cut in half. The CLI then exits with 143 (128 + SIGTERM).

``Terminated`` derives from ``BaseException`` so that no ``except
Exception`` in pywikibot's retry loops can swallow it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_CODE = 128 + signal.SIGTERM


class Terminated(BaseException):
    """SIGTERM arrived: stop after the current edit, clean up, exit 143."""

    exit_code = EXIT_CODE


_state = {"saving": 0, "pending": False}


def _on_sigterm(signum, frame) -> None:
    if _state["saving"]:
        _state["pending"] = True
        return
    raise Terminated("stopped by SIGTERM; nothing half-written, run again to complete")


@contextmanager
def sigterm_handled() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` while the run lasts; the previous handler after
    (a run inside another program, such as a test, leaves its signals as they were)."""
    try:
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
        _state["pending"] = False


@contextmanager
def finish_first() -> Iterator[None]:
    """A save in progress: a SIGTERM now takes effect when it has been answered."""
    _state["saving"] += 1
    try:
        yield
    finally:
        _state["saving"] -= 1
        if not _state["saving"] and _state["pending"]:
            _state["pending"] = False
            raise Terminated("stopped by SIGTERM after finishing the current edit; run again to complete")
