"""The wheel ships the bot and nothing only the tests use.

Building a real wheel needs setuptools >= 77 (PEP 639 ``license``), which pip fetches into an
isolated build: not offline. So this reads the same ``[tool.setuptools.packages.find]`` table
setuptools reads and finds the packages the way it does for a pyproject (namespace packages on
unless ``namespaces = false``, see setuptools' "Package Discovery" docs); checked by hand against
``pip wheel .``, whose .py files were exactly these.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from setuptools import find_namespace_packages, find_packages

ROOT = Path(__file__).resolve().parents[2]
#: Moved to tests/support/ (issue 24): code no user path reaches.
TEST_ONLY = (
    "ldwg_bot/devwiki/proxy.py",
    "ldwg_bot/devwiki/browser.py",
    "ldwg_bot/devwiki/translate.py",
    "ldwg_bot/ops/toolforge.py",
)


def shipped_modules() -> set[str]:
    """Repository-relative paths of the .py files the wheel carries."""
    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    finder = find_namespace_packages if find.get("namespaces", True) else find_packages
    where = ROOT / find.get("where", ["."])[0]
    packages = finder(str(where), include=find.get("include", ["*"]), exclude=find.get("exclude", ()))
    return {
        str((where / p.replace(".", "/") / f.name).relative_to(ROOT))
        for p in packages
        for f in (where / p.replace(".", "/")).glob("*.py")
    }


def test_the_wheel_carries_the_bot():
    shipped = shipped_modules()
    assert {"ldwg_bot/cli.py", "ldwg_bot/devwiki/manager.py", "ldwg_bot/ops/scheduler.py"} <= shipped
    assert len(shipped) > 50, sorted(shipped)


def test_no_test_only_code_ships():
    shipped = shipped_modules()
    assert not shipped & set(TEST_ONLY)
    assert not [m for m in shipped if not m.startswith("ldwg_bot/")], "only the ldwg_bot package ships"


def test_nothing_shipped_reaches_for_the_tests():
    """A shipped module importing tests/ (or bench/) would work in a clone and break installed."""
    reach = re.compile(r"^\s*(from|import)\s+(tests|bench)\b", re.M)
    offenders = [m for m in sorted(shipped_modules()) if reach.search((ROOT / m).read_text(encoding="utf-8"))]
    assert not offenders


def test_config_has_no_test_only_loader():
    from ldwg_bot import config

    assert not hasattr(config, "load_json_text")  # the on-wiki path is load_wiki_json
