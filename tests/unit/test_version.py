"""``ldwg-bot --version``: the version is written once, in pyproject.toml, and read from the
installed package's metadata everywhere else (issue 23)."""

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

import ldwg_bot
from ldwg_bot import cli
from ldwg_bot.wiki import probe

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def test_version_option_prints_the_installed_version(capsys):
    assert cli.main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == f"ldwg-bot {version('ldwg-bot')}\n"
    assert version("ldwg-bot") == _pyproject_version()


def test_every_version_string_reads_the_one_source():
    assert ldwg_bot.__version__ == version("ldwg-bot")
    assert f"ldwg-bot/{ldwg_bot.__version__} " in probe.USER_AGENT
    literal = re.compile(r"""["']\d+\.\d+(\.\d+)?["']""")
    for path in (ROOT / "ldwg_bot").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "version" in line.lower() or "ldwg-bot/" in line:
                assert not literal.search(line) and "ldwg-bot/0" not in line, f"{path}: {line.strip()}"
