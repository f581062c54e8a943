"""Which MediaWiki core a devwiki runs on, and how to drive its maintenance scripts.

Two LTS releases are supported: 1.39 (Debian 12's ``mediawiki``) and 1.43
(Debian 13's). A core is chosen by ``--mediawiki`` (or ``$LDWG_BOT_MEDIAWIKI``):

- nothing: the system's Debian MediaWiki in ``/usr/share/mediawiki``, whichever it is;
- a folder: any unpacked MediaWiki core;
- a branch such as ``1.43``: the system's MediaWiki when it is that branch, else
  Debian's package for it fetched into the user's cache (:mod:`.debian`).

The differences between the releases that the devwiki meets live here, as
properties of :class:`Core`, so the manager asks instead of comparing versions.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import LdwgError
from . import debian

SYSTEM_DIR = Path("/usr/share/mediawiki")
SUPPORTED = ("1.39", "1.43")
_BRANCH = re.compile(r"^1\.\d+$")
_DEFINE = re.compile(r"""define\(\s*'MW_VERSION',\s*'([^']+)'\s*\)""")
_GLOBAL = re.compile(r"""\$wgVersion\s*=\s*'([^']+)'""")
#: BotPassword::canonicalizeLoginData (core includes/user/BotPassword.php, both
#: releases) treats a password as a bot password only when it looks like one this
#: long and from this alphabet; any other is tried as the main account's, and fails.
BOT_PASSWORD = re.compile(r"^[0-9a-w]{32,}$")


class DevWikiError(LdwgError):
    """The local wiki cannot be installed, started or reached."""


def new_bot_password() -> str:
    """A BotPassword that API login recognises as one (see ``BOT_PASSWORD``)."""
    password = secrets.token_hex(16)
    assert BOT_PASSWORD.match(password)
    return password


def require_php() -> None:
    """Say which Debian package is missing before anything is fetched or run."""
    if not shutil.which("php"):
        raise DevWikiError(
            "php is not installed: run 'apt-get install php-cli php-sqlite3 php-intl "
            "php-mbstring php-xml mediawiki' (or see the README)"
        )


def read_version(directory: Path) -> str:
    """MediaWiki's version from its sources (``MW_VERSION``, or ``$wgVersion`` before 1.35)."""
    for rel, pattern in (("includes/Defines.php", _DEFINE), ("includes/DefaultSettings.php", _GLOBAL)):
        try:
            match = pattern.search((directory / rel).read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if match:
            return match.group(1)
    raise DevWikiError(f"{directory} is not a MediaWiki core (no includes/Defines.php with MW_VERSION)")


@dataclass(frozen=True)
class Core:
    """One unpacked MediaWiki: its folder and version."""

    dir: Path
    version: str

    @classmethod
    def at(cls, directory: Path | str) -> Core:
        directory = Path(directory).expanduser().resolve()
        if not (directory / "maintenance").is_dir():
            raise DevWikiError(
                f"MediaWiki is not installed at {directory}: run 'apt-get install "
                "mediawiki', or pass --mediawiki with a MediaWiki folder or 1.43"
            )
        return cls(directory, read_version(directory))

    @property
    def branch(self) -> str:
        """``1.43`` for 1.43.12: what extensions' ``REL1_43`` branches are cut for."""
        return ".".join(self.version.split(".")[:2])

    def _at_least(self, branch: str) -> bool:
        mine = tuple(int(p) for p in self.branch.split("."))
        return mine >= tuple(int(p) for p in branch.split("."))

    @property
    def edit_rate_hits(self) -> int:
        """How many hits one API edit counts against ``$wgRateLimits['edit']``.

        On 1.43 the API's permission check (``ApiBase::checkTitleUserPermissions`` ->
        ``UserAuthority::authorizeWrite``) counts a hit, and EditPage's
        ``UserRateLimitConstraint`` another; on 1.39 ``authorizeWrite`` counts none.
        So "one edit allowed" is ``[ 2, period ]`` on 1.43 and ``[ 1, period ]`` on 1.39.
        """
        return 2 if self._at_least("1.43") else 1  # verified on 1.39 and 1.43 only

    def script(self, name: str) -> list[str]:
        """The command that runs maintenance script ``name``.

        1.40 added ``maintenance/run.php``, the entry point for every script from
        then on (calling ``<name>.php`` directly still works on 1.43 but is the
        deprecated way); 1.39 has only ``maintenance/<name>.php``.
        """
        run = self.dir / "maintenance" / "run.php"
        if self._at_least("1.40") and run.is_file():
            return ["php", str(run), name]
        return ["php", str(self.dir / "maintenance" / f"{name}.php")]

    def check(self) -> None:
        """Say which Debian package is missing instead of failing obscurely."""
        require_php()
        if not (self.dir / "maintenance" / "install.php").is_file():
            raise DevWikiError(f"{self.dir} has no maintenance/install.php: not a complete MediaWiki")
        mods = subprocess.run(["php", "-m"], capture_output=True, text=True).stdout.lower().split()
        for mod, pkg in (
            ("pdo_sqlite", "php-sqlite3"),
            ("mbstring", "php-mbstring"),
            ("intl", "php-intl"),
            ("xml", "php-xml"),
        ):
            if mod not in mods:
                raise DevWikiError(f"php extension {mod} is missing: run 'apt-get install {pkg}'")

    @property
    def source(self) -> str:
        """Where this core came from, for status lines and benchmark records."""
        if self.dir == SYSTEM_DIR:
            return "the system's Debian package"
        fetched = debian.branch_of(self.dir)
        if fetched:
            return f"Debian {debian.DEBIAN_RELEASES[fetched]}'s package, fetched into {self.dir.parents[2]}"
        return str(self.dir)

    def describe(self) -> str:
        return f"MediaWiki {self.version} ({self.source})"


def default_spec() -> str:
    """``$LDWG_BOT_MEDIAWIKI`` (a folder or a branch), else the system's MediaWiki."""
    return os.environ.get("LDWG_BOT_MEDIAWIKI", "")


def resolve(spec: str | Path | None = None, fetch: bool = True, log=None) -> Core:
    """The core ``spec`` names (see the module docstring); a branch may be fetched."""
    spec = str(spec if spec not in (None, "") else default_spec())
    if not spec:
        return Core.at(SYSTEM_DIR)
    if not _BRANCH.match(spec):
        fetched = debian.branch_of(Path(spec))
        if fetched is None or Path(spec).is_dir():
            return Core.at(spec)
        spec = fetched  # a fetched copy was deleted from the cache: fetch it again
    if spec not in SUPPORTED:
        raise DevWikiError(
            f"MediaWiki {spec} is not supported: use one of {', '.join(SUPPORTED)}, "
            "or pass --mediawiki with a MediaWiki folder"
        )
    if (SYSTEM_DIR / "maintenance").is_dir() and Core.at(SYSTEM_DIR).branch == spec:
        return Core.at(SYSTEM_DIR)
    if spec not in debian.DEBIAN_RELEASES:
        raise DevWikiError(
            f"MediaWiki {spec} is not installed: on Debian 12 run 'apt-get install "
            "mediawiki', or pass --mediawiki with a MediaWiki folder"
        )
    if not fetch:
        raise DevWikiError(
            f"MediaWiki {spec} is not fetched yet: 'ldwg-bot devwiki start --mediawiki {spec}' fetches it"
        )
    try:
        return Core.at(debian.fetch(spec, log=log))
    except debian.FetchError as exc:
        raise DevWikiError(f"MediaWiki {spec}: {exc}") from exc
