"""No secret in any log, at any verbosity, and logs only the owner can read.

pywikibot's ``-debug`` log records every request body, the login's
``lgpassword`` and every edit token included. :func:`protect_logs` installs a
log-record factory, so *every* record of every logger (pywikibot's file and
terminal handlers, ldwg-bot's own) is masked when it is made: the values of
password and token parameters, in URL-encoded bodies and in printed dicts,
and any secret the bot knows by value (the BotPassword from the
environment, raw or URL-encoded). It also makes pywikibot's log folder
0700 and the files in it 0600.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from urllib.parse import quote, quote_plus

MASK = "***"
#: Parameter names whose values are secret (MediaWiki's login, account and token fields).
SECRET_PARAMS = (
    "lgpassword",
    "password",
    "retype",
    "token",
    "lgtoken",
    "logintoken",
    "createtoken",
    "csrftoken",
)
_PARAM_RE = re.compile(
    r"(?P<key>\b(?:{}))(?P<sep>=|['\"]?\s*:\s*\[?\s*['\"]|%3D)(?P<value>[^&'\"\s\]]+)".format(
        "|".join(SECRET_PARAMS)
    ),
    re.IGNORECASE,
)
_secrets: set[str] = set()
_installed = False


def mask(text: str) -> str:
    """``text`` with every known secret and secret parameter value replaced by ``***``."""
    for secret in sorted(_secrets, key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, MASK)
    return _PARAM_RE.sub(lambda m: f"{m['key']}{m['sep']}{MASK}", text)


def add_secret(value: str) -> None:
    """Mask this value (and its URL-encoded forms) wherever a log record shows it."""
    if len(value) >= 4:
        _secrets.update({value, quote(value, safe=""), quote_plus(value)})


def protect_logs(log_dir: Path | None = None) -> None:
    """Mask secrets in every log record from now on; make ``log_dir`` private."""
    global _installed
    if not _installed:
        previous = logging.getLogRecordFactory()

        def factory(*args, **kwargs) -> logging.LogRecord:
            record = previous(*args, **kwargs)
            try:
                message = record.getMessage()
            except Exception:  # a malformed record: let logging report it
                return record
            masked = mask(message)
            if masked != message:
                record.msg, record.args = masked, ()
            if record.exc_text:
                record.exc_text = mask(record.exc_text)
            return record

        logging.setLogRecordFactory(factory)
        _installed = True
    if log_dir is not None:
        private(log_dir)


def private(log_dir: Path) -> None:
    """The log folder 0700 and its files 0600 (rotated files are then private too)."""
    try:
        if log_dir.is_dir():
            os.chmod(log_dir, 0o700)
            for f in log_dir.iterdir():
                if f.is_file():
                    os.chmod(f, 0o600)
    except OSError:
        pass
