"""No traceback on the terminal without ``--verbose``, pywikibot's own included.

pywikibot logs a full traceback each time a request fails and is retried,
so a wiki that went away mid-run filled stderr with tracebacks around the
one line that says what happened. :func:`terse_terminal` keeps pywikibot's
terminal output to its messages: records that are only a traceback are
dropped and tracebacks attached to a record are left out. Log files
(``-log``, ``-debug``) keep everything.

While pywikibot builds the site (:func:`startup_quiet`), its warnings and
errors -- one per failed retry -- go to the log files only: if the wiki is
not there, the CLI says so in one line.

For the rest of the run (:func:`errors_once`) the same goes for pywikibot's error records
and its "API error" warnings: a request that keeps failing (a read-only wiki) gave two such
lines per retry and then the CLI's own line for the same failure, so each error is now
printed once, by the CLI. pywikibot's "Waiting N seconds before retrying" stays on the
terminal: it says why a run pauses, and is not an error.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

TRACEBACK = "Traceback (most recent call last)"


class _Terse(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            return not str(record.getMessage()).lstrip().startswith(TRACEBACK)
        except Exception:
            return True


def _format_without_traceback(original):
    def format(record: logging.LogRecord) -> str:
        saved = record.exc_info, record.exc_text, record.stack_info
        record.exc_info = record.exc_text = record.stack_info = None
        try:
            return original(record)
        finally:
            record.exc_info, record.exc_text, record.stack_info = saved

    return format


def terse_terminal(logger_name: str = "pywiki") -> None:
    """Strip tracebacks from every non-file handler of ``logger_name`` (idempotent)."""
    for handler in logging.getLogger(logger_name).handlers:
        if isinstance(handler, logging.FileHandler) or getattr(handler, "_ldwg_terse", False):
            continue
        handler.addFilter(_Terse())
        # pywikibot's handlers are wrapped in place (they are not ours to subclass)
        handler.format = _format_without_traceback(handler.format)  # type: ignore[method-assign]
        handler._ldwg_terse = True  # type: ignore[attr-defined]


_quiet = {"on": False, "errors": False}


def _repeats_an_error(record: logging.LogRecord) -> bool:
    """pywikibot's own report of a failure that the CLI reports in its error line."""
    if record.levelno >= logging.ERROR:
        return True
    try:
        return record.levelno == logging.WARNING and str(record.getMessage()).startswith("API error")
    except Exception:
        return False


_factory_installed = {"done": False}


def _install_factory() -> None:
    if _factory_installed["done"]:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args, **kwargs) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.name.startswith("pywiki") and (
            (_quiet["on"] and record.levelno >= logging.WARNING)
            or (_quiet["errors"] and _repeats_an_error(record))
        ):
            # below the terminal's level, still at the file log's (DEBUG)
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return record

    logging.setLogRecordFactory(factory)
    _factory_installed["done"] = True


@contextmanager
def startup_quiet(on: bool = True) -> Iterator[None]:
    """pywikibot's warnings and errors to the log files only, while this lasts."""
    _install_factory()
    before = _quiet["on"]
    _quiet["on"] = on
    try:
        yield
    finally:
        _quiet["on"] = before


def errors_once(on: bool = True) -> None:
    """From now on, pywikibot's errors go to the log files only (off under ``--verbose``)."""
    _install_factory()
    _quiet["errors"] = on
