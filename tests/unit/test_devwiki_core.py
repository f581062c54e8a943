"""Choosing the devwiki's MediaWiki core, and fetching Debian 13's without the system's apt.

These run offline on small trees made here; the real fetch and both real cores
are exercised by the integration suite (``./dev test --mediawiki 1.43``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ldwg_bot.devwiki import debian, mediawiki
from ldwg_bot.devwiki.manager import DevWiki
from ldwg_bot.devwiki.mediawiki import BOT_PASSWORD, Core, DevWikiError, new_bot_password


def fake_core(root: Path, version: str, run_php: bool = True) -> Path:
    (root / "includes").mkdir(parents=True)
    (root / "maintenance").mkdir()
    (root / "includes" / "Defines.php").write_text(f"<?php\ndefine( 'MW_VERSION', '{version}' );\n")
    (root / "maintenance" / "install.php").write_text("<?php\n")
    if run_php:
        (root / "maintenance" / "run.php").write_text("<?php\n")
    return root


def test_version_and_branch_come_from_the_sources(tmp_path):
    core = Core.at(fake_core(tmp_path / "mw", "1.43.12"))
    assert (core.version, core.branch) == ("1.43.12", "1.43")


def test_a_folder_that_is_no_mediawiki_is_one_clear_error(tmp_path):
    with pytest.raises(DevWikiError, match="not installed at"):
        Core.at(tmp_path / "none")
    (tmp_path / "half" / "maintenance").mkdir(parents=True)
    with pytest.raises(DevWikiError, match="not a MediaWiki core"):
        Core.at(tmp_path / "half")


def test_maintenance_scripts_run_through_run_php_from_1_40(tmp_path):
    new = Core.at(fake_core(tmp_path / "new", "1.43.1"))
    old = Core.at(fake_core(tmp_path / "old", "1.39.17", run_php=False))
    assert new.script("install")[1:] == [str(new.dir / "maintenance" / "run.php"), "install"]
    assert old.script("install")[1:] == [str(old.dir / "maintenance" / "install.php")]


def test_one_api_edit_costs_two_rate_limit_hits_on_1_43(tmp_path):
    assert Core.at(fake_core(tmp_path / "a", "1.43.12")).edit_rate_hits == 2
    assert Core.at(fake_core(tmp_path / "b", "1.39.17", run_php=False)).edit_rate_hits == 1


def test_resolve_folder_branch_and_unsupported(tmp_path, monkeypatch):
    folder = fake_core(tmp_path / "mw", "1.43.3")
    assert mediawiki.resolve(str(folder)).dir == folder.resolve()
    monkeypatch.setenv("LDWG_BOT_MEDIAWIKI", str(folder))
    assert mediawiki.resolve(None).version == "1.43.3"
    with pytest.raises(DevWikiError, match="1.35 is not supported"):
        mediawiki.resolve("1.35")


def test_a_branch_the_system_lacks_is_fetched_once(tmp_path, monkeypatch):
    system = fake_core(tmp_path / "system", "1.39.17", run_php=False)
    fetched = fake_core(tmp_path / "cache", "1.43.12")
    calls = []
    monkeypatch.setattr(mediawiki, "SYSTEM_DIR", system)
    monkeypatch.setattr(debian, "fetch", lambda branch, log=None: calls.append(branch) or fetched)
    assert mediawiki.resolve("1.39").dir == system
    assert mediawiki.resolve("1.43").dir == fetched and calls == ["1.43"]
    with pytest.raises(DevWikiError, match="not fetched yet"):
        mediawiki.resolve("1.43", fetch=False)


def test_a_wiki_keeps_the_core_it_was_installed_with(tmp_path):
    core = fake_core(tmp_path / "mw139", "1.39.17", run_php=False)
    folder = tmp_path / "wiki"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "my_wiki.sqlite").write_text("")
    (folder / "LocalSettings.php").write_text("<?php\n")
    (folder / "devwiki.json").write_text(json.dumps({"mediawiki": str(core)}))
    assert DevWiki.load(folder, mediawiki="1.39").core.version == "1.39.17"
    assert DevWiki.load(folder, mediawiki=str(core)).core.dir == core
    with pytest.raises(DevWikiError, match="installed with MediaWiki 1.39.17.*reset --mediawiki 1.43"):
        DevWiki.load(folder, mediawiki="1.43")
    assert DevWiki.load(folder).status()["mediawiki"] == "1.39.17"


def test_bot_passwords_are_recognised_as_bot_passwords():
    assert all(BOT_PASSWORD.match(new_bot_password()) for _ in range(50))
    assert not BOT_PASSWORD.match("p" + "x" * 40)  # 'x' is outside [0-9a-w]: main login
    assert not BOT_PASSWORD.match("abc123")  # too short


def test_private_apt_reads_and_writes_nothing_of_the_system(tmp_path):
    state = tmp_path / "apt"
    conf = debian.apt_config(state)
    paths = [line.split('"')[1] for line in conf.splitlines() if line.startswith("Dir")]
    assert all(p == "/dev/null" or p.startswith(str(state)) for p in paths), conf
    for key in (
        "Dir::Etc::Parts",
        "Dir::Etc::SourceParts",
        "Dir::State::Lists",
        "Dir::State::status",
        "Dir::Cache",
        "Dir::Etc::Main",
    ):
        assert f"{key} " in conf
    sources = debian.sources_list("trixie")
    assert [line.split()[3] for line in sources.splitlines()] == [
        "trixie",
        "trixie-updates",
        "trixie-security",
    ]


def test_absolute_symlinks_are_repointed_inside_the_copy(tmp_path):
    root = tmp_path / "root"
    core = root / "usr/share/mediawiki"
    (core / "extensions-core").mkdir(parents=True)
    (root / "var/lib/mediawiki/extensions").mkdir(parents=True)
    (core / "extensions").symlink_to("/var/lib/mediawiki/extensions")
    (core / "LocalSettings.php").symlink_to("/var/lib/mediawiki/LocalSettings.php")
    (root / "var/lib/mediawiki/LocalSettings.php").symlink_to("/etc/mediawiki/LocalSettings.php")
    (root / "var/lib/mediawiki/extensions/Cite").symlink_to("/usr/share/mediawiki/extensions-core/Cite")
    (core / "relative").symlink_to("extensions-core")
    (core / "extensions-core").rmdir()  # skipped when unpacking
    assert debian.repoint_symlinks(root) == 4
    assert (core / "extensions").resolve() == (root / "var/lib/mediawiki/extensions").resolve()
    assert not (root / "var/lib/mediawiki/extensions/Cite").is_symlink()
    settings = (core / "LocalSettings.php").resolve()
    assert str(settings).startswith(str(root.resolve())) and not settings.exists()
    assert os.readlink(core / "relative") == "extensions-core"
    for link in root.rglob("*"):
        if link.is_symlink():
            assert not os.readlink(link).startswith("/"), link


def test_devwiki_modules_import_each_other_without_a_cycle():
    """seed is typed against a Protocol, so manager -> seed is the only direction."""
    import ast

    package = Path(mediawiki.__file__).parent
    graph = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[path.stem] = {
            alias.name if node.module is None else node.module.lstrip(".").split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.level == 1
            for alias in node.names
        }
    graph.pop("__init__")

    def reaches(start, goal, seen=()):
        return any(
            n == goal or (n not in seen and reaches(n, goal, (*seen, n))) for n in graph.get(start, ())
        )

    assert [m for m in graph if reaches(m, m)] == []


def test_a_fetched_copy_deleted_from_the_cache_is_fetched_again(tmp_path, monkeypatch):
    gone = tmp_path / "cache" / "mediawiki" / "debian-trixie" / "usr" / "share" / "mediawiki"
    fetched = fake_core(tmp_path / "again", "1.43.12")
    monkeypatch.setattr(mediawiki, "SYSTEM_DIR", tmp_path / "no-system")
    monkeypatch.setattr(debian, "fetch", lambda branch, log=None: fetched)
    assert debian.branch_of(gone) == "1.43" and debian.branch_of(fetched) is None
    assert mediawiki.resolve(str(gone)).dir == fetched


def test_the_source_of_a_core_is_named(tmp_path):
    fetched = fake_core(tmp_path / "mediawiki" / "debian-trixie" / "usr" / "share" / "mediawiki", "1.43.12")
    assert (
        Core.at(fetched).source
        == f"Debian trixie's package, fetched into {tmp_path / 'mediawiki' / 'debian-trixie'}"
    )
    assert (
        Core.at(fake_core(tmp_path / "own", "1.43.1")).describe() == f"MediaWiki 1.43.1 ({tmp_path / 'own'})"
    )
