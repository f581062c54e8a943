"""Find the user's own Translate + UniversalLanguageSelector checkouts.

The project ships no MediaWiki extension (they are not ours to ship and no
package registry has them). A devwiki with Translate, and the tests that need
a live Translate, use the folder named by ``--extensions DIR`` or
``$LDWG_BOT_EXTENSIONS`` only, and only when both extensions were made for the
installed MediaWiki: each ``extension.json``'s ``requires.MediaWiki``
constraint must accept its version, and a git checkout must be on the
``REL1_xx`` branch of that version. Anything else is one line naming what to
get.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from ..errors import LdwgError
from .mediawiki import DevWikiError, read_version

EXTENSIONS = ("Translate", "UniversalLanguageSelector")
UPSTREAM = "https://gerrit.wikimedia.org/r/mediawiki/extensions/"


class ExtensionsError(LdwgError):
    """No usable Translate + ULS checkout for this MediaWiki."""


def mediawiki_version(mediawiki_dir: Path) -> str:
    """The installed MediaWiki's version, e.g. ``1.39.17`` (from ``includes/Defines.php``)."""
    try:
        return read_version(Path(mediawiki_dir))
    except DevWikiError as exc:
        raise ExtensionsError(str(exc)) from exc


def release_branch(version: str) -> str:
    """``1.39.17`` -> ``REL1_39``: the extension branch made for that MediaWiki."""
    major, minor = _numbers(version)[:2]
    return f"REL{major}_{minor}"


def _numbers(version: str) -> tuple[int, ...]:
    parts = re.findall(r"\d+", version.split("-")[0])
    return tuple(int(p) for p in (parts + ["0", "0", "0"])[:3])


def _accepts(part: str, version: tuple[int, ...]) -> bool:
    """One comparison of a Composer-style constraint (``>= 1.39.0``, ``1.39.*``, ``^1.39``)."""
    part = part.strip()
    if part in ("", "*"):
        return True
    if part.startswith("^"):
        low = _numbers(part[1:])
        return version >= low and version[0] == low[0]
    if "*" in part:
        fixed = _numbers(part.replace("*", "0"))[: part.count(".")]
        return version[: len(fixed)] == fixed
    op = re.match(r"(>=|<=|==|!=|>|<|=)?\s*(.+)", part)
    assert op is not None, part  # parts are non-empty words
    wanted = _numbers(op.group(2))
    return {
        ">=": version >= wanted,
        "<=": version <= wanted,
        ">": version > wanted,
        "<": version < wanted,
        "!=": version != wanted,
    }.get(op.group(1) or "=", version == wanted)


def constraint_accepts(constraint: str, version: str) -> bool:
    """Whether ``requires.MediaWiki`` (``||`` of space/comma-joined comparisons) allows ``version``."""
    have = _numbers(version)
    for alternative in constraint.split("||"):
        parts = re.findall(r"(?:>=|<=|==|!=|>|<|=|\^)?\s*[\w.*-]+", alternative)
        if all(_accepts(p, have) for p in parts):
            return True
    return False


def _git_branch(folder: Path) -> str | None:
    head = folder / ".git" / "HEAD"
    try:
        text = head.read_text().strip()
    except OSError:
        return None
    return text.rsplit("/", 1)[1] if text.startswith("ref:") else None


def what_to_get(version: str) -> str:
    branch = release_branch(version)
    return (
        f"get {UPSTREAM}Translate and {UPSTREAM}UniversalLanguageSelector at branch {branch} "
        f"(MediaWiki {version} is installed) into one folder and pass it with --extensions DIR "
        f"or LDWG_BOT_EXTENSIONS"
    )


def find_translate(folder: str | Path | None, mediawiki_dir: Path) -> Path:
    """The checked folder holding ``Translate/`` and ``UniversalLanguageSelector/`` for this MediaWiki.

    ``folder`` is ``--extensions`` (else ``$LDWG_BOT_EXTENSIONS`` is read);
    raises :class:`ExtensionsError` with one line saying what is missing.
    """
    version = mediawiki_version(mediawiki_dir)
    folder = folder or os.environ.get("LDWG_BOT_EXTENSIONS")
    if not folder:
        raise ExtensionsError(f"Translate is not available: {what_to_get(version)}")
    base = Path(folder).expanduser().resolve()
    for name in EXTENSIONS:
        manifest = base / name / "extension.json"
        if not manifest.is_file():
            raise ExtensionsError(f"{base}: no {name}/extension.json; {what_to_get(version)}")
        try:
            requires = json.loads(manifest.read_text()).get("requires", {}).get("MediaWiki", "*")
        except (ValueError, AttributeError) as exc:
            raise ExtensionsError(f"{manifest}: not valid JSON ({exc}); {what_to_get(version)}") from exc
        if not constraint_accepts(str(requires), version):
            raise ExtensionsError(
                f"{manifest}: requires MediaWiki {requires}, not {version}; {what_to_get(version)}"
            )
        branch = _git_branch(base / name)
        if branch and branch.startswith("REL") and branch != release_branch(version):
            raise ExtensionsError(
                f"{base / name}: branch {branch} is not {release_branch(version)}; {what_to_get(version)}"
            )
    return base
