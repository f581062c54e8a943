"""constraints.txt pins every dependency, inside pyproject's ranges, and both installers use it."""

import tomllib

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.shared import ROOT


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, sep, version = line.partition("==")
            assert sep, f"not an exact pin: {line!r}"
            pins[canonicalize_name(name)] = version
    return pins


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_declared_dependency_is_pinned_inside_its_range():
    pins = _pins()
    for req in _declared():
        name = canonicalize_name(req.name)
        assert name in pins, f"{req.name} is in pyproject.toml but not pinned in constraints.txt"
        assert req.specifier.contains(pins[name], prereleases=True), (req, pins[name])


def test_bootstrap_and_dev_setup_install_with_the_constraints():
    assert '-c "$HOME/ldwg-bot/constraints.txt"' in (ROOT / "toolforge/bootstrap.sh").read_text()
    assert "-c constraints.txt" in (ROOT / "dev").read_text()


def test_dev_reads_php_modules_without_a_pipe_into_grep():
    """`php -m | grep -q` under pipefail fails when grep stops early (SIGPIPE to php)."""
    code = [line.split("#", 1)[0] for line in (ROOT / "dev").read_text().splitlines()]
    assert not any("| grep -q" in line for line in code)
