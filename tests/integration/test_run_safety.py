"""The promises a bot on a shared wiki must keep when runs meet: locks, a shared
store under a slow wiki, SIGTERM, -simulate and the confirmation prompt."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from ldwg_bot.ops.lock import job_lock
from tests.faultproxy import FaultProxy
from tests.helpers import run_cli, write_config

pytestmark = pytest.mark.integration

TALK = "Talk:Leadership Development Working Group/Content"


@pytest.fixture(scope="module")
def safewiki(devwiki_factory):
    return devwiki_factory(name="safety")


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}


def _popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ldwg_bot", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(), stdin=subprocess.DEVNULL)


def _anonymous_config(tmp_path, wiki, api: str, store) -> str:
    """A config reading ``wiki`` through ``api`` without an account (no pywikibot folder)."""
    cfg = write_config(tmp_path / "anon.toml", wiki, store=store)
    family = "slow" + api.rsplit(":", 1)[1].split("/")[0]
    cfg.write_text(cfg.read_text().replace(wiki.api_url, api)
                   .replace(f'"{wiki.family}"', f'"{family}"')
                   .replace(f'pywikibot_dir = "{wiki.pywikibot_dir}"\n', ""))
    return str(cfg)


def test_a_slow_feedback_run_does_not_hold_the_store(safewiki, tmp_path):
    """collect-feedback waiting on a slow wiki must not block other jobs' writes to the store."""
    store = tmp_path / "store.sqlite"
    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, store=store)
    first = run_cli("collect-feedback", "-always", "--config", str(cfg))
    assert first.returncode == 0, first.stdout + first.stderr
    safewiki.client("Farida").edit(TALK, section="1", appendtext="\n:A slow thought. ~~~~")
    delay = 12.0
    with FaultProxy(safewiki.url) as proxy:
        proxy.add(lambda m, p: "revisions" in p.get("prop", "") and "content" in p.get("rvprop", ""),
                  times=2, delay=delay)
        slow = _popen("collect-feedback", "-always", "--no-summary", "--config",
                      _anonymous_config(tmp_path, safewiki, proxy.api_url, store))
        deadline = time.monotonic() + 60
        while not any("content" in p.get("rvprop", "") for _m, _u, p in proxy.requests):
            assert slow.poll() is None and time.monotonic() < deadline, slow.communicate()
            time.sleep(0.2)
        started = time.monotonic()
        others = [_popen("translation-status", "-always", "--config", str(cfg)),
                  _popen("publish-update", "-always", "--config", str(cfg))]
        outs = [p.communicate(timeout=120) for p in others]
        took = time.monotonic() - started
        still_slow = slow.poll() is None
        out, err = slow.communicate(timeout=120)
    for proc, (o, e) in zip(others, outs):
        assert proc.returncode == 0, o + e
        assert "database is locked" not in e
    assert still_slow and took < delay, f"the other jobs waited {took:.1f}s for the slow run"
    assert slow.returncode == 0, out + err
    assert "new: 1" in out
