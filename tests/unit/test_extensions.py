"""The user's Translate + ULS folder: accepted only when made for the installed MediaWiki."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ldwg_bot.cli import main
from ldwg_bot.devwiki.extensions import (
    ExtensionsError,
    constraint_accepts,
    find_translate,
    mediawiki_version,
    release_branch,
)


def fake_mediawiki(tmp_path: Path, version: str = "1.39.17") -> Path:
    mw = tmp_path / "mediawiki"
    (mw / "includes").mkdir(parents=True)
    (mw / "includes" / "Defines.php").write_text(f"<?php\ndefine( 'MW_VERSION', '{version}' );\n")
    (mw / "maintenance").mkdir()
    return mw


def checkout(base: Path, requires: str, branch: str | None = None) -> Path:
    for name in ("Translate", "UniversalLanguageSelector"):
        (base / name).mkdir(parents=True, exist_ok=True)
        (base / name / "extension.json").write_text(
            json.dumps({"name": name, "requires": {"MediaWiki": requires}})
        )
        if branch:
            (base / name / ".git").mkdir(exist_ok=True)
            (base / name / ".git" / "HEAD").write_text(f"ref: refs/heads/{branch}\n")
    return base


@pytest.mark.parametrize(
    "constraint,version,ok",
    [
        (">= 1.39.0", "1.39.17", True),
        (">= 1.43.0", "1.39.17", False),
        ("*", "1.43.1", True),
        (">= 1.39.0 < 1.40", "1.43.1", False),
        (">= 1.39.0, < 1.40", "1.39.4", True),
        ("1.39.*", "1.39.4", True),
        ("1.39.*", "1.40.0", False),
        ("^1.39", "1.43.0", True),
        (">= 1.45 || 1.39.*", "1.39.2", True),
        (">= 1.43.0-alpha", "1.43.12", True),
    ],
)
def test_constraints(constraint, version, ok):
    assert constraint_accepts(constraint, version) is ok


def test_version_and_branch(tmp_path):
    assert mediawiki_version(fake_mediawiki(tmp_path)) == "1.39.17"
    assert release_branch("1.43.12") == "REL1_43"


def test_nothing_named_says_what_to_get(tmp_path, monkeypatch):
    monkeypatch.delenv("LDWG_BOT_EXTENSIONS", raising=False)
    with pytest.raises(ExtensionsError) as err:
        find_translate(None, fake_mediawiki(tmp_path))
    line = str(err.value)
    assert "\n" not in line
    assert "https://gerrit.wikimedia.org/r/mediawiki/extensions/Translate" in line
    assert "UniversalLanguageSelector" in line and "REL1_39" in line and "1.39.17" in line


def test_matching_checkout_from_the_environment(tmp_path, monkeypatch):
    base = checkout(tmp_path / "ext", ">= 1.39.0", "REL1_39")
    monkeypatch.setenv("LDWG_BOT_EXTENSIONS", str(base))
    assert find_translate(None, fake_mediawiki(tmp_path)) == base.resolve()


@pytest.mark.parametrize(
    "requires,branch,says",
    [
        (">= 1.43.0", None, "requires MediaWiki >= 1.43.0, not 1.39.17"),
        (">= 1.39.0", "REL1_43", "branch REL1_43 is not REL1_39"),
    ],
)
def test_other_branch_is_refused(tmp_path, requires, branch, says):
    base = checkout(tmp_path / "ext", requires, branch)
    with pytest.raises(ExtensionsError, match=says) as err:
        find_translate(base, fake_mediawiki(tmp_path))
    assert "REL1_39" in str(err.value)


def test_uls_missing(tmp_path):
    base = checkout(tmp_path / "ext", ">= 1.39.0")
    (base / "UniversalLanguageSelector" / "extension.json").unlink()
    with pytest.raises(ExtensionsError, match="no UniversalLanguageSelector/extension.json"):
        find_translate(base, fake_mediawiki(tmp_path))


def test_devwiki_with_translate_but_none_exits_1_with_one_line(tmp_path, monkeypatch, capsys):
    from ldwg_bot.devwiki import manager

    monkeypatch.delenv("LDWG_BOT_EXTENSIONS", raising=False)
    monkeypatch.setenv("LDWG_BOT_MEDIAWIKI", str(fake_mediawiki(tmp_path)))
    monkeypatch.setattr(manager, "require_php", lambda: None)
    folder = tmp_path / "wiki"
    code = main(["devwiki", "start", "--with-translate", "--dir", str(folder), "--port", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1 and len(err) == 1
    assert "mediawiki/extensions/Translate" in err[0] and "REL1_39" in err[0]
    assert not folder.exists() or not any(folder.iterdir())  # nothing installed
