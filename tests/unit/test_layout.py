"""The package layout the issue asks for (issue 24, part 2): the root holds at most six modules,
the rest lives in packages whose names read as the architecture (see ldwg_bot/__init__.py)."""
from pathlib import Path

import ldwg_bot

ROOT = Path(ldwg_bot.__file__).parent


def test_at_most_six_modules_at_the_root():
    modules = sorted(p.name for p in ROOT.glob("*.py"))
    assert len(modules) <= 6, modules


def test_the_package_docstring_maps_every_package():
    packages = sorted(p.parent.name for p in ROOT.glob("*/__init__.py"))
    missing = [name for name in packages if f"``{name}/``" not in ldwg_bot.__doc__]
    assert missing == []
