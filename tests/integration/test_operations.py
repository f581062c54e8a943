"""Unattended operation on a real wiki: run-all, the scheduler, locks, secrets, several groups."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time

import pytest

from ldwg_bot.ops.lock import job_lock
from tests.helpers import run_cli, write_config
from tests.support import fast_schedule

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def opswiki(devwiki_factory):
    return devwiki_factory(name="ops")


def all_output(result, *files) -> str:
    text = result.stdout + result.stderr
    for f in files:
        if f.exists():
            text += f.read_text(errors="replace")
    return text


def test_run_all_then_no_change_and_no_secret_anywhere(opswiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", opswiki)
    report = tmp_path / "report.json"
    first = run_cli("run-all", "-always", "--config", str(cfg), "--report", str(report))
    assert first.returncode == 0, first.stdout + first.stderr
    data = json.loads(report.read_text())
    assert data["changes"] and not data["errors"]
    second = run_cli("run-all", "-always", "--config", str(cfg), "--report", str(tmp_path / "r2.json"))
    assert second.returncode == 0, second.stdout + second.stderr
    assert json.loads((tmp_path / "r2.json").read_text())["changes"] == []
    simulated = run_cli("run-all", "-simulate", "--config", str(cfg))
    logs = (
        list((opswiki.pywikibot_dir / "logs").glob("*")) if (opswiki.pywikibot_dir / "logs").exists() else []
    )
    everything = (
        all_output(first, report, *logs) + all_output(second, tmp_path / "r2.json") + all_output(simulated)
    )
    for user, secret in opswiki.passwords.items():
        assert secret not in everything, f"the password of {user} leaked"


def test_bot_password_from_the_environment_never_shows(opswiki, tmp_path):
    secret = opswiki.passwords["LdwgBot@ldwg"]
    pwb = tmp_path / "pwb"
    pwb.mkdir()
    (pwb / "user-config.py").write_text(
        (opswiki.pywikibot_dir / "user-config.py")
        .read_text()
        .replace("password_file = 'user-password.py'\n", "")
    )
    cfg = write_config(tmp_path / "c.toml", opswiki)
    cfg.write_text(
        cfg.read_text().replace(f'pywikibot_dir = "{opswiki.pywikibot_dir}"', f'pywikibot_dir = "{pwb}"')
    )
    tmp = tmp_path / "tmp"  # the temporary folder the run would use
    tmp.mkdir()
    result = run_cli(
        "run-all",
        "-always",
        "--verbose",
        "--config",
        str(cfg),
        env={"LDWG_BOT_BOTPASSWORD": f"ldwg:{secret}", "LDWG_BOT_USER": "LdwgBot", "TMPDIR": str(tmp)},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert secret not in result.stdout + result.stderr
    assert list(tmp.iterdir()) == []  # no password file, not even for a moment


def test_two_runs_at_once(opswiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", opswiki)
    with job_lock(tmp_path / "locks", "collect-feedback"):
        result = run_cli("collect-feedback", "-always", "--config", str(cfg))
    assert result.returncode == 1
    assert "collect-feedback is already running (pid" in result.stderr
    assert run_cli("collect-feedback", "-always", "--config", str(cfg)).returncode == 0


def test_scheduler_compressed_timetable_and_sigterm(opswiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", opswiki, extra="")
    text = cfg.read_text().replace(
        "[[group]]",
        "[schedule]\nfeedback_minutes = 1\ntranslations_minutes = 2\nupdates_minutes = 0\n\n[[group]]",
        1,
    )
    cfg.write_text(text)
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    proc = subprocess.Popen(
        fast_schedule.command("--config", str(cfg), seconds_per_minute=2),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    deadline = time.monotonic() + 120
    log = tmp_path / "sched.log"
    time.sleep(8)
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(1)
        if (tmp_path / "store.sqlite").exists() and time.monotonic() > deadline - 100:
            break
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    log.write_text(err)
    assert proc.returncode == 0, err
    assert "collect-feedback every 1 minute(s)" in err
    assert "translation-status every 2 minute(s)" in err
    assert "publish-update" not in err.split("scheduler stopped")[0].split("every")[0]
    assert err.count("scheduled run of collect-feedback starts") >= 2
    assert "scheduled run of translation-status starts" in err
    assert "scheduler stopped after" in err


def test_a_failing_job_does_not_stop_the_others(opswiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", opswiki)
    text = cfg.read_text().replace('sources = "{examples}/updates"', f'sources = "{tmp_path}/no-such-folder"')
    cfg.write_text(text)
    result = run_cli("run-all", "-always", "--config", str(cfg))
    assert result.returncode == 1
    assert "publish-update:" in result.stdout + result.stderr
    assert "translation-status" in result.stdout


def test_config_from_a_wiki_page(opswiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", opswiki)
    admin = opswiki.client("Admin")
    admin.edit(
        "User:LdwgBot/config.json", text=json.dumps({"group": [{"name": "x", "languages": ["xx_bad"]}]})
    )
    result = run_cli("translation-status", "--config", str(cfg), "--config-page", "User:LdwgBot/config.json")
    assert result.returncode == 1
    assert "wiki:User:LdwgBot/config.json: group[0].languages[0]: expected a language code" in result.stderr
    result = run_cli("translation-status", "--config", str(cfg), "--config-page", "Main Page")
    assert result.returncode == 1 and "expected a JSON page in the bot's user space" in result.stderr
