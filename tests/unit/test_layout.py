"""The package layout the issue asks for (issue 24, part 2): the root holds at most six modules,
the rest lives in packages whose names read as the architecture (see ldwg_bot/__init__.py)."""

import re
from pathlib import Path

import ldwg_bot

ROOT = Path(ldwg_bot.__file__).parent


def test_at_most_six_modules_at_the_root():
    modules = sorted(p.name for p in ROOT.glob("*.py"))
    assert len(modules) <= 6, modules


def test_the_package_docstring_maps_every_package():
    packages = sorted(p.parent.name for p in ROOT.glob("*/__init__.py"))
    # each package is named in the map as "name/" at the start of a line (or after another one)
    missing = [name for name in packages if not re.search(rf"^\s+(?:\S+/ )*{name}/", ldwg_bot.__doc__, re.M)]
    assert missing == []
