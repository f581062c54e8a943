"""A stopped devwiki is seen as stopped at once, even while its php workers wait to be reaped."""

from __future__ import annotations

import os
import signal
import subprocess
import time

from ldwg_bot.devwiki.server import group_alive as _group_alive


def test_a_group_whose_members_all_died_is_not_alive_though_not_yet_reaped():
    # a leader with two children of its own, as php -S has with PHP_CLI_SERVER_WORKERS
    leader = subprocess.Popen(["sh", "-c", "sleep 60 & sleep 60 & wait"], start_new_session=True)
    try:
        deadline = time.monotonic() + 10
        while len(_members(leader.pid)) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _group_alive(leader.pid)
        os.killpg(leader.pid, signal.SIGKILL)
        started = time.monotonic()
        while _group_alive(leader.pid):
            assert time.monotonic() - started < 5, "the killed group still looks alive"
            time.sleep(0.01)
        # the leader is our child and is not reaped yet: it is a zombie, not alive
        assert leader.poll() is not None or not _group_alive(leader.pid)
    finally:
        try:
            os.killpg(leader.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        leader.wait(timeout=10)


def test_a_group_that_never_existed_is_not_alive():
    assert not _group_alive(2**22 + 12345)


def _members(pgid: int) -> list[str]:
    out = subprocess.run(["ps", "-o", "pid=", "-g", str(pgid)], capture_output=True, text=True).stdout
    return out.split()
