"""A CSV ``--source`` belongs to one group: re-importing it for another group never touches the
first group's rows, and an import without ``--group`` says which group it went to."""

from __future__ import annotations

import json
import sqlite3
import uuid

import pytest

from tests.integration.test_feedback_job import cli as collect_feedback

pytestmark = pytest.mark.integration


def two_group_config(tmp_path, wiki):
    uid = uuid.uuid4().hex[:8]
    groups = "".join(
        f'[[group]]\nname = "{name}"\n[group.feedback]\n'
        f'talk_pages = ["Talk:CSV groups {uid} {name}"]\n'
        f'summary_page = "CSV groups {uid} {name}/Summary"\n'
        for name in ("alpha", "beta")
    )
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        f'store = "{tmp_path / "store.sqlite"}"\n'
        f'[site]\nfamily = "{wiki.family}"\ncode = "{wiki.family}"\napi = "{wiki.api_url}"\n'
        f'user = "LdwgBot"\nput_throttle = 0\n{groups}',
        encoding="utf-8",
    )
    return cfg


def cli(*args: str) -> int:
    return collect_feedback("--no-summary", *args)


def stored(tmp_path) -> list[tuple]:
    conn = sqlite3.connect(tmp_path / "store.sqlite")
    try:
        return conn.execute(
            "SELECT grp, source, author, status FROM feedback_comments "
            "WHERE source != 'wiki' ORDER BY grp, source, author"
        ).fetchall()
    finally:
        conn.close()


def test_a_source_stays_in_its_group(devwiki, tmp_path, capsys):
    cfg = two_group_config(tmp_path, devwiki)
    call = tmp_path / "call.csv"
    call.write_text("author,timestamp,text\nSalma,2022-08-01,one\nOmar,2022-08-02,two\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert cli("--config", str(cfg), "--group", "alpha", "--import-csv", str(call), "--source", "Call") == 0
    before = stored(tmp_path)
    assert before == [("alpha", "Call", "Omar", "new"), ("alpha", "Call", "Salma", "new")]
    other = tmp_path / "other.csv"
    other.write_text("author,timestamp,text\nNadia,2022-09-01,three\n", encoding="utf-8")
    capsys.readouterr()
    assert cli("--config", str(cfg), "--group", "beta", "--import-csv", str(other), "--source", "Call") == 1
    err = [line for line in capsys.readouterr().err.splitlines() if "error" in line]
    assert err == [
        "ldwg-bot: error: --source 'Call' belongs to group 'alpha', not 'beta'; re-import it "
        "with --group alpha, or choose another label (nothing was imported)"
    ]
    assert stored(tmp_path) == before  # alpha's rows untouched, nothing of beta's
    # without --group: the group that has the source, and the run says so
    assert (
        cli("--config", str(cfg), "--import-csv", str(other), "--source", "Call", "--report", str(report))
        == 0
    )
    notes = json.loads(report.read_text(encoding="utf-8"))["notes"]
    assert any("as 'Call' into group 'alpha': 1 new, 0 edited, 2 removed" in n for n in notes), notes
    # a new source without --group goes to the first group, named in the note
    assert (
        cli("--config", str(cfg), "--import-csv", str(call), "--source", "Survey", "--report", str(report))
        == 0
    )
    notes = json.loads(report.read_text(encoding="utf-8"))["notes"]
    assert any("as 'Survey' into group 'alpha'" in n for n in notes), notes
    # and beta can have its own label
    assert (
        cli("--config", str(cfg), "--group", "beta", "--import-csv", str(other), "--source", "Beta call") == 0
    )
    assert ("beta", "Beta call", "Nadia", "new") in stored(tmp_path)
    assert [r for r in stored(tmp_path) if r[0] == "beta"] == [("beta", "Beta call", "Nadia", "new")]
