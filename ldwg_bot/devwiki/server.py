"""The devwiki's web server: ``php -S`` in its own process group, started, waited for, ended.

Apart from :mod:`.manager` (the wiki's install, accounts and settings) because it is about
processes and ports, not MediaWiki: the server runs in a new session so ``stop`` can end the
whole group (php's ``PHP_CLI_SERVER_WORKERS`` outlive their parent), and its pid is kept in
a file so another ``ldwg-bot devwiki`` command finds it.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import requests

from .mediawiki import DevWikiError


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def group_alive(pgid: int) -> bool:
    """True while a process of group ``pgid`` still runs.

    A dead member stays a zombie until its parent reaps it; php's workers are
    orphaned when the server ends, and some inits (a container's, a VM
    agent's) reap orphans only about once a second, so ``killpg(pgid, 0)``
    would see a stopped wiki as running for that long. On Linux the states
    in ``/proc`` tell a zombie from a live process; elsewhere, ``killpg``.
    """
    proc = Path("/proc")
    if (proc / "self" / "stat").is_file():
        for stat in proc.glob("[0-9]*/stat"):
            try:
                # "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses
                state, _ppid, pgrp = stat.read_text().rsplit(")", 1)[1].split()[:3]
            except (OSError, ValueError):
                continue  # ended while we looked
            if int(pgrp) == pgid and state not in ("Z", "X"):
                return True
        return False
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex(("127.0.0.1", port)) == 0


def running_pid(pid_file: Path) -> int | None:
    """The server's pid from ``pid_file`` while its group still runs, else None."""
    try:
        pid = int(pid_file.read_text())
    except (OSError, ValueError):
        return None
    return pid if group_alive(pid) else None


def start_server(
    pid_file: Path, log_file: Path, port: int, docroot: Path, env: dict, api_url: str, timeout: float
) -> None:
    """Start ``php -S`` in its own process group and wait for the API to answer."""
    if port_open(port):
        raise DevWikiError(f"port {port} is already in use by another program; choose another with --port")
    log = open(log_file, "ab")
    proc = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{port}", "-t", str(docroot)],
        cwd=docroot,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    pid_file.write_text(str(proc.pid))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise DevWikiError(f"php -S exited at once; see {log_file}")
        try:
            r = requests.get(api_url, params={"action": "query", "format": "json"}, timeout=2)
            if r.ok and "batchcomplete" in r.text:
                return
        except requests.RequestException:
            pass
        time.sleep(0.1)
    stop_server(pid_file)
    raise DevWikiError(f"the wiki did not answer on {api_url} within {timeout:.0f}s")


def stop_server(pid_file: Path) -> bool:
    """End the server's whole process group; True when something was running."""
    pid = running_pid(pid_file)
    if pid is None:
        return False
    for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 2.0)):
        try:
            os.killpg(pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            try:
                os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                pass
            if not group_alive(pid):
                break
            time.sleep(0.02)
        else:
            continue
        break
    pid_file.unlink(missing_ok=True)
    return True
