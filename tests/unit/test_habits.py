"""The lint and type settings are there, and they are what ``./dev test`` (so CI) runs first."""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEV = (ROOT / "dev").read_text(encoding="utf-8")
STRICT = ("ldwg_bot.text.*", "ldwg_bot.i18n.*", "ldwg_bot.config.*", "ldwg_bot.forum.*")


def test_pyproject_configures_ruff_and_mypy():
    ruff = PYPROJECT["tool"]["ruff"]
    assert ruff["line-length"] == 110 and set(ruff["lint"]["select"]) >= {"E", "F", "W", "I", "B", "UP"}
    mypy = PYPROJECT["tool"]["mypy"]
    assert mypy["files"] == ["ldwg_bot"] and mypy["python_version"] == "3.11"
    assert mypy["check_untyped_defs"] and mypy["warn_unused_ignores"] and mypy["warn_redundant_casts"]
    strict = [o for o in mypy["overrides"] if o.get("disallow_untyped_defs")]
    assert strict and set(STRICT) <= {m for o in strict for m in o["module"]}
    assert not any(o.get("ignore_errors") for o in mypy["overrides"]), "no package is exempt"


def test_the_tools_are_installed_by_the_project_and_pinned():
    test_extra = " ".join(PYPROJECT["project"]["optional-dependencies"]["test"])
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    for tool in ("ruff", "mypy", "types-PyYAML", "types-requests"):
        assert tool in test_extra and f"\n{tool}==" in pins, tool
    assert "ruff==0.17.6" in test_extra and "\nruff==0.17.6\n" in pins


def test_dev_lint_runs_the_three_checks_and_dev_test_runs_it_first():
    steps = next(line for line in DEV.splitlines() if line.startswith("LINT_STEPS="))
    assert all(f'"{cmd}"' in steps for cmd in ("ruff format --check .", "ruff check .", "mypy"))
    assert "  lint)  setup; lint ;;" in DEV
    test_branch = DEV.split("\n  test)\n", 1)[1].split(";;", 1)[0]
    assert test_branch.index("lint || exit 1") < test_branch.index("-m pytest")
    assert "./dev test --mediawiki 1.39" in (ROOT / ".ci/run").read_text(encoding="utf-8")


def test_dev_lint_fails_with_one_line_naming_the_step(tmp_path):
    """A copy of ./dev whose tools are stand-ins: the first failing step stops it."""
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    for tool, code in (("python", 0), ("ruff", 0), ("mypy", 1)):
        (bin_dir / tool).write_text(f'#!/bin/sh\necho {tool} "$@" >> {tmp_path}/calls\nexit {code}\n')
        (bin_dir / tool).chmod(0o755)
    (tmp_path / "dev").write_text(DEV.replace("  lint)  setup; lint ;;", "  lint)  lint ;;"))
    (tmp_path / "dev").chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "LDWG_BOT_VENV": str(tmp_path / "venv")}
    run = subprocess.run(["bash", str(tmp_path / "dev"), "lint"], capture_output=True, text=True, env=env)
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1].startswith("dev: lint: 'mypy' failed")
    assert (tmp_path / "calls").read_text().splitlines() == ["ruff format --check .", "ruff check .", "mypy"]


@pytest.mark.skipif(
    shutil.which("ruff", path=str(ROOT / ".venv" / "bin")) is None, reason="ruff not installed"
)
def test_ruff_finds_nothing():
    ruff = shutil.which("ruff", path=str(ROOT / ".venv" / "bin"))
    run = subprocess.run([ruff, "check", "--quiet", "."], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-3000:]
