"""Whole jobs under faults: a clear one-line error and exit 1, the store and the
pages as they were, and a re-run that completes."""

from __future__ import annotations

import sqlite3

import pytest

from ldwg_bot.cli import main
from tests.conftest import register_with_pywikibot
from tests.faultproxy import FaultProxy
from tests.helpers import write_config

pytestmark = pytest.mark.integration

SUMMARY = "Leadership Development Working Group/Feedback summary"


@pytest.fixture(scope="module")
def jobwiki(devwiki_factory):
    return devwiki_factory(name="jobfaults")


def proxied_config(tmp_path, wiki, proxy, store):
    family = f"proxy{proxy.port}"
    register_with_pywikibot(wiki, family)
    cfg = write_config(tmp_path / "proxied.toml", wiki, store=store)
    text = (
        cfg.read_text()
        .replace(f'family = "{wiki.family}"', f'family = "{family}"')
        .replace(f'code = "{wiki.family}"', f'code = "{family}"')
        .replace(wiki.api_url, proxy.api_url)
        .replace(f'pywikibot_dir = "{wiki.pywikibot_dir}"\n', "")
    )
    cfg.write_text(text)
    return cfg


def direct_config(tmp_path, wiki, store):
    cfg = write_config(tmp_path / "direct.toml", wiki, store=store)
    cfg.write_text(cfg.read_text().replace(f'pywikibot_dir = "{wiki.pywikibot_dir}"\n', ""))
    return cfg


def rows(store) -> list[tuple]:
    with sqlite3.connect(store) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(t, *r) for t in sorted(tables) for r in conn.execute(f"SELECT * FROM {t}")]


def reads_content(method: str, params: dict) -> bool:
    return "revisions" in params.get("prop", "") and "content" in params.get("rvprop", "")


def test_feedback_server_gone_mid_run_keeps_store_and_pages(jobwiki, tmp_path, capsys):
    store = tmp_path / "store.sqlite"
    assert (
        main(["collect-feedback", "-always", "--config", str(direct_config(tmp_path, jobwiki, store))]) == 0
    )
    before_rows = rows(store)
    summary_before = jobwiki.client().page_text(SUMMARY)
    jobwiki.client("Farida").edit(
        "Talk:Leadership Development Working Group/Content",
        section="1",
        appendtext="\n:One more thought on this. ~~~~",
    )
    with FaultProxy(jobwiki.url) as proxy:
        proxy.add(reads_content, times=50, drop=True)
        code = main(
            ["collect-feedback", "-always", "--config", str(proxied_config(tmp_path, jobwiki, proxy, store))]
        )
        seen = [
            (m, {k: v for k, v in p.items() if k in ("action", "prop", "rvprop", "list", "meta")})
            for m, _path, p in proxy.requests
        ]
    err = capsys.readouterr().err
    assert code == 1, seen
    assert "did not answer" in err and "nothing written" in err
    assert rows(store) == before_rows  # nothing half-stored
    assert jobwiki.client().page_text(SUMMARY) == summary_before
    capsys.readouterr()
    assert (
        main(["collect-feedback", "-always", "--config", str(direct_config(tmp_path, jobwiki, store))]) == 0
    )
    assert "new: 1" in capsys.readouterr().out


def test_translation_status_http_500_then_rerun(jobwiki, tmp_path, capsys):
    store = tmp_path / "store.sqlite"
    with FaultProxy(jobwiki.url) as proxy:
        proxy.add(
            lambda m, p: p.get("action") == "query" and any(k in p for k in ("prop", "list", "generator")),
            times=50,
            status=500,
        )
        code = main(
            [
                "translation-status",
                "-always",
                "--config",
                str(proxied_config(tmp_path, jobwiki, proxy, store)),
            ]
        )
    assert code == 1
    assert jobwiki.client().page_text("Leadership Development Working Group/Translation status") is None
    assert (
        main(["translation-status", "-always", "--config", str(direct_config(tmp_path, jobwiki, store))]) == 0
    )
    assert "ldwg-bot:translation-status" in (
        jobwiki.client().page_text("Leadership Development Working Group/Translation status") or ""
    ).replace("-table", "")


def test_every_error_line_is_printed_once(jobwiki, tmp_path):
    """Issue 23: a failed run shows each error once, on stderr: not again in the run's summary,
    and not also as pywikibot's own ERROR/WARNING lines for every retry of the failing request
    (those stay in pywikibot's log files)."""
    from tests.helpers import run_cli

    cfg = write_config(tmp_path / "ldwg-bot.toml", jobwiki, store=tmp_path / "store.sqlite")
    bad = run_cli("publish-update", "--month", "2022-13", "--config", str(cfg))
    assert bad.returncode == 1
    lines = (bad.stdout + bad.stderr).splitlines()
    assert len([ln for ln in lines if "'2022-13'" in ln]) == 1, bad.stdout + bad.stderr
    assert "publish-update: no change; 1 error(s), on stderr" in bad.stdout

    jobwiki.client("Farida").edit(
        "Talk:Leadership Development Working Group/Content",
        section="1",
        appendtext="\n:A comment the read-only wiki will not see summarised. ~~~~",
    )
    setting = jobwiki.dir / "settings.d" / "90-readonly-once.php"
    setting.write_text("<?php\n$wgReadOnly = 'Database maintenance (error once)';\n")
    try:
        ro = run_cli("collect-feedback", "-always", "--config", str(cfg))
    finally:
        setting.unlink()
    assert ro.returncode == 1
    both = ro.stdout + ro.stderr
    mentions = [ln for ln in both.splitlines() if "read-only" in ln or "error once" in ln]
    assert len(mentions) == 1 and mentions[0].startswith("ldwg-bot: error: "), both
    assert "ERROR" not in both and "Traceback" not in both
