"""Files the bot reads and writes: a user's input file (update source, CSV import) read as
UTF-8 with one-line errors, and every file a run is asked for (exports, the digest, the JSON
report) written atomically -- or, under -simulate, not at all (one line says what it would be).

A run killed mid-write (SIGKILL, the OOM killer, an evicted pod) cannot remove what it was
writing: the hidden copy beside a file, or a -simulate run's scratch folder. Both are named
with the host and the pid that made them, so the next write of that file (and the next start,
for scratch folders) removes the ones of this host whose process is gone, and nothing else:
not another file's, not another host's (a shared home on Toolforge), not a live run's."""

from __future__ import annotations

import atexit
import io
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from ..errors import SourceError


def read_utf8(path: str | Path, where: Callable[[int], str], *, save_as: str = "UTF-8") -> str:
    """Text of ``path`` (a BOM is dropped); ``where(line)`` names the place in errors,
    e.g. ``lambda n: f"{path}:{n}"`` or ``lambda n: f"{path}: row {n}"``."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"{where(line)}: not UTF-8 text (byte {exc.start}); save the file as {save_as}"
        ) from None


def simulated_note(what: str, path: str | Path, size: int) -> str:
    """The line a -simulate run shows instead of writing ``what`` (e.g. "export of 3 row(s)")."""
    return f"-simulate: {what} not written to {path} (would be {size} bytes)"


def write_atomic(
    path: str | Path, write: Callable[[TextIO], object], *, simulate: bool = False, what: str = "file"
) -> str | None:
    """Call ``write(fh)`` on a UTF-8 temporary file beside ``path`` (parent folders are made),
    then rename it over ``path``: a reader sees the old file or the whole new one, never half.
    Newlines are written as given (CSV writes its own). An ``OSError`` goes to the caller,
    and the temporary file is removed.

    ``simulate`` (pywikibot's -simulate, which promises no write on the wiki or on disk):
    ``write`` fills memory only, no file or folder is made, and the returned line (see
    :func:`simulated_note`) says what was skipped and its size. A real write returns None."""
    if simulate:
        buffer = io.StringIO(newline="")
        write(buffer)
        return simulated_note(what, path, len(buffer.getvalue().encode("utf-8")))
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target.parent, f".{target.name}.", ".tmp")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{_owner()}", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            write(fh)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return None


def temporary_folder(prefix: str) -> Path:
    """A new private folder (0700) that is removed, with what is in it, when the process exits:
    for files a library insists on writing during a run that must leave none (-simulate)."""
    remove_leftovers(Path(tempfile.gettempdir()), prefix, "")
    folder = Path(tempfile.mkdtemp(prefix=prefix + _owner()))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _owner() -> str:
    """The part of a temporary name that says who made it: ``ldwg-HOST-PID-``."""
    return f"ldwg-{socket.gethostname()}-{os.getpid()}-"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def remove_leftovers(folder: Path, prefix: str, suffix: str) -> None:
    """Remove ``prefix`` + ``ldwg-HOST-PID-...`` + ``suffix`` entries of ``folder`` that this
    user's killed runs on this host left (their pid is gone); anything else is left alone."""
    pattern = re.compile(re.escape(prefix) + r"ldwg-(.+)-(\d+)-[^/]*" + re.escape(suffix) + r"\Z")
    host = socket.gethostname()
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or match.group(1) != host or _running(int(match.group(2))):
            continue
        try:
            info = entry.lstat()
            if info.st_uid != os.getuid():
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:
            continue  # gone meanwhile, or not ours to remove
