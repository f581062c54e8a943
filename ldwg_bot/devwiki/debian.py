"""Fetch a Debian release's MediaWiki into the user's cache, leaving the system's apt alone.

Debian 13 ships MediaWiki 1.43 LTS; on Debian 12 (MediaWiki 1.39) it can still be
had as files, with no install: a private apt configuration (its own sources list,
``Dir::State::Lists``, ``Dir::Cache`` and an empty ``Dir::State::status``, and none
of the system's ``apt.conf.d`` hooks) runs ``apt-get update`` and ``apt-get
download mediawiki mediawiki-classes``; each ``.deb`` is unpacked with ``dpkg-deb``
without ``extensions-core/`` (75 MB the devwiki never loads). The package's
absolute symlinks (``LocalSettings.php``, ``extensions``, ``images``, ``config``)
point into ``/var/lib/mediawiki`` and ``/etc/mediawiki``, i.e. at the system wiki;
they are repointed inside the private copy, relative, so the folder can move.

Layout under ``<cache>/mediawiki/``: ``debian-<suite>/`` is the unpacked root
(its core is ``usr/share/mediawiki``, 215 MB; ``.complete`` holds the package
version). The private apt state (``.apt-<suite>/``, 140 MB of lists and caches)
and the ``.deb`` files are removed once it is unpacked. A finished copy is reused
without any network access; delete the folder to fetch the newest one.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..errors import LdwgError

#: MediaWiki branch -> the Debian release whose ``mediawiki`` package carries it (a Debian 13
#: machine can fetch 1.39 the same way)
DEBIAN_RELEASES = {"1.39": "bookworm", "1.43": "trixie"}
PACKAGES = ("mediawiki", "mediawiki-classes")
SKIP = "./usr/share/mediawiki/extensions-core"
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
MIRROR = os.environ.get("LDWG_BOT_DEBIAN_MIRROR", "http://deb.debian.org")
CORE = Path("usr/share/mediawiki")


class FetchError(LdwgError):
    """The Debian package could not be downloaded or unpacked."""


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/ldwg-bot`` (default ``~/.cache/ldwg-bot``): re-creatable downloads."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ldwg-bot"


def branch_of(core: Path) -> str | None:
    """The branch whose fetched copy ``core`` is (a path ``fetch`` returns), else None."""
    for branch, suite in DEBIAN_RELEASES.items():
        if core.parts[-4:] == (f"debian-{suite}", *CORE.parts):
            return branch
    return None


def sources_list(suite: str, keyring: str = KEYRING, mirror: str = MIRROR) -> str:
    """One-line-style sources for the release, its updates and its security suite."""
    line = f"deb [signed-by={keyring}] {mirror}/%s %s main\n"
    return (
        line % ("debian", suite)
        + line % ("debian", f"{suite}-updates")
        + line % ("debian-security", f"{suite}-security")
    )


def apt_config(state: Path) -> str:
    """An apt.conf that reads nothing of the system's configuration and writes only under ``state``.

    Given as ``APT_CONFIG``, it is read before ``Dir::Etc::Parts``, so pointing that
    at an empty folder also keeps the system's post-update hooks from running.
    """
    lines = {
        "Dir::Etc::Main": "/dev/null",
        "Dir::Etc::Parts": state / "apt.conf.d",
        "Dir::Etc::SourceList": state / "sources.list",
        "Dir::Etc::SourceParts": state / "sources.list.d",
        "Dir::Etc::Preferences": "/dev/null",
        "Dir::Etc::PreferencesParts": state / "preferences.d",
        "Dir::State": state,
        "Dir::State::Lists": state / "lists",
        "Dir::State::status": state / "status",
        "Dir::Cache": state / "cache",
        "Dir::Log": state / "log",
        "Acquire::Languages": "none",
        # the unprivileged _apt user may not be able to enter the user's cache folder
        "APT::Sandbox::User": "root" if os.geteuid() == 0 else "",
    }
    return "".join(f'{key} "{value}";\n' for key, value in lines.items() if value != "")


def _prepare_state(state: Path, suite: str) -> dict:
    for sub in (
        "apt.conf.d",
        "sources.list.d",
        "preferences.d",
        "lists/partial",
        "cache/archives/partial",
        "log",
        "debs",
    ):
        (state / sub).mkdir(parents=True, exist_ok=True)
    (state / "status").write_text("")  # no package is installed in this private world
    (state / "sources.list").write_text(sources_list(suite))
    (state / "apt.conf").write_text(apt_config(state))
    return {**os.environ, "APT_CONFIG": str(state / "apt.conf"), "LC_ALL": "C"}


def _run(cmd: list[str], env: dict, cwd: Path | None = None) -> str:
    try:
        proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    except FileNotFoundError as exc:
        raise FetchError(f"{cmd[0]} is not installed (Debian's apt and dpkg are needed)") from exc
    except subprocess.TimeoutExpired as exc:
        raise FetchError(f"{' '.join(cmd[:2])} took longer than 15 minutes") from exc
    if proc.returncode != 0:
        tail = " | ".join((proc.stderr or proc.stdout).strip().splitlines()[-3:])
        raise FetchError(f"{' '.join(cmd[:2])} failed: {tail}")
    return proc.stdout


def repoint_symlinks(root: Path, skip: str = SKIP) -> int:
    """Point every absolute symlink under ``root`` at the same path inside ``root``.

    Links into the skipped tree are removed. Returns how many links were changed.
    """
    skipped = (root / skip).resolve()
    changed = 0
    for link in sorted(p for p in root.rglob("*") if p.is_symlink()):
        target = os.readlink(link)
        if not target.startswith("/"):
            continue
        inside = root / target.lstrip("/")
        if inside == skipped or skipped in inside.parents:
            link.unlink()
        else:
            link.unlink()
            link.symlink_to(os.path.relpath(inside, link.parent))
        changed += 1
    return changed


def unpack(deb: Path, root: Path, skip: str = SKIP) -> None:
    """``dpkg-deb`` the package's files into ``root``, without ``skip``."""
    extract = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    tar = subprocess.run(
        ["tar", "-x", "-C", str(root), f"--exclude={skip}"],
        stdin=extract.stdout,
        capture_output=True,
        text=True,
    )
    assert extract.stdout is not None  # opened with stdout=PIPE
    extract.stdout.close()
    if extract.wait() != 0 or tar.returncode != 0:
        raise FetchError(f"could not unpack {deb.name}: {tar.stderr.strip()[-200:]}")


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def fetch(branch: str, cache: Path | None = None, log=None) -> Path:
    """The MediaWiki core of ``branch`` from Debian, downloading it on first use."""
    suite = DEBIAN_RELEASES.get(branch)
    if suite is None:
        raise FetchError(
            f"no Debian release to fetch MediaWiki {branch} from (known: {', '.join(DEBIAN_RELEASES)})"
        )
    base = (cache or cache_dir()) / "mediawiki"
    final = base / f"debian-{suite}"
    if (final / ".complete").is_file():
        return final / CORE
    base.mkdir(parents=True, exist_ok=True)
    with open(base / f".{suite}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another process may be fetching the same
        if (final / ".complete").is_file():
            return final / CORE
        state = base / f".apt-{suite}"
        shutil.rmtree(state, ignore_errors=True)  # what a failed attempt left
        env = _prepare_state(state, suite)
        (log or _stderr)(f"devwiki: fetching MediaWiki {branch} (Debian {suite}'s packages) into {final}")
        _run(["apt-get", "-q", "update"], env)
        debs = state / "debs"
        _run(["apt-get", "-q", "download", *PACKAGES], env, cwd=debs)
        version = _run(["dpkg-deb", "-f", str(next(debs.glob("mediawiki_*.deb"))), "Version"], env).strip()
        tmp = Path(tempfile.mkdtemp(prefix=f".debian-{suite}-", dir=base))
        try:
            for deb in sorted(debs.glob("*.deb")):
                unpack(deb, tmp)
            repoint_symlinks(tmp)
            (tmp / ".complete").write_text(version + "\n")
            if final.exists():
                shutil.rmtree(final)
            tmp.rename(final)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(state)  # the unpacked copy is what is kept
    return final / CORE
