"""One lock per job, so two runs of the same job never write at once.

``flock`` locks die with their process, so the lock of a crashed or killed
run is free again at once: a stale lock file is simply taken over. The file
keeps the holder's pid and start time, for the message the second run shows.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import LdwgError, LockedError

if TYPE_CHECKING:
    from ..runtime.context import Context


@contextmanager
def job_lock(directory: Path, job: str) -> Iterator[Path]:
    path = directory / f"{job}.lock"
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:  # beside the store: a read-only or full disk says so here
        raise LdwgError(
            f"{path}: cannot take the job's lock ({exc.strerror or exc}); the locks "
            "live beside the store: make that folder writable; nothing written"
        ) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode(errors="replace").strip() or "another process"
            raise LockedError(
                f"{job} is already running ({holder}); this run did nothing, try again when it has finished"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock


def lock_for(ctx: Context, job: str) -> AbstractContextManager:
    """The lock every run of ``job`` takes, by hand, scheduled or under run-all.

    Under -simulate no lock is taken (a simulated run writes nothing, not
    even a lock file), so looking never waits for a scheduled run.
    """
    if ctx.simulate:
        return nullcontext()
    return job_lock(ctx.lock_dir, job)
