"""``ldwg-bot schedule --job-timeout``: a job whose edit never gets an answer (the wiki behind a
loopback proxy that holds every edit) is ended for real -- SIGTERM, which a job defers while an
edit is in flight, then SIGKILL after ``--kill-after`` -- with one line, and the scheduler goes
on. The child got ``--config-page``: the edit it hung on is of the page named only there."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
import uuid

import pytest

from tests.faultproxy import FaultProxy, is_edit
from tests.helpers import write_config
from tests.support import fast_schedule

pytestmark = pytest.mark.integration


def proxied_pywikibot_dir(tmp_path, wiki, proxy):
    """A copy of the wiki's pywikibot folder (account, cookies) whose family is the proxy."""
    folder = tmp_path / "pywikibot"
    shutil.copytree(wiki.pywikibot_dir, folder, ignore=shutil.ignore_patterns("logs", "apicache*"))
    config = folder / "user-config.py"
    config.write_text(config.read_text().replace(wiki.api_url, proxy.api_url))
    return folder


def test_a_job_hung_in_its_edit_is_killed_and_the_scheduler_goes_on(devwiki, tmp_path):
    uid = uuid.uuid4().hex[:8]
    table = f"Scheduler timeout {uid}/Translation status"
    config_page = f"User:LdwgBot/scheduler-{uid}.json"
    devwiki.client("Admin").edit(
        config_page,
        text=json.dumps(
            {
                "group": [
                    {
                        "name": "ldwg",
                        "languages": ["es"],
                        "translations": {"pages": ["Main Page"], "table_page": table},
                    }
                ]
            }
        ),
    )
    with FaultProxy(devwiki.url) as proxy:
        held = proxy.add(is_edit, times=10, delay=90)  # the edit is never answered in time
        cfg = write_config(
            tmp_path / "ldwg-bot.toml",
            devwiki,
            extra="[schedule]\nfeedback_minutes = 0\ntranslations_minutes = 1\nupdates_minutes = 0\n",
        )
        cfg.write_text(
            cfg.read_text()
            .replace(devwiki.api_url, proxy.api_url)
            .replace(str(devwiki.pywikibot_dir), str(proxied_pywikibot_dir(tmp_path, devwiki, proxy)))
        )
        env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
        started = time.monotonic()
        result = subprocess.run(
            fast_schedule.command(
                "--config",
                str(cfg),
                "--config-page",
                config_page,
                "--job-timeout",
                "20",
                "--kill-after",
                "2",
                seconds_per_minute=600,
                max_runs=1,
            ),
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            stdin=subprocess.DEVNULL,
        )
        took = time.monotonic() - started
        edits = [p.get("title") for m, _, p in proxy.requests if is_edit(m, p)]
    assert result.returncode == 0, result.stderr
    assert held.hits >= 1 and edits and set(edits) == {table}, edits  # --config-page reached the child
    assert (
        "translation-status took longer than --job-timeout 20s and did not stop within 2s of "
        "SIGTERM: killed (SIGKILL) after "
    ) in result.stderr, result.stderr
    assert "scheduler stopped after 1 run(s), 1 failed" in result.stderr
    assert "Traceback" not in result.stderr
    assert 20 <= took < 60, took
