"""Test set-up: an isolated pywikibot folder and real local MediaWikis.

pywikibot reads its configuration when first imported, so the folder is made
here, before any test module imports ``ldwg_bot.wiki``. The ``devwiki``
fixtures install and start real wikis (Debian's mediawiki, SQLite, php -S) in
temporary folders on free ports, once per session, and stop their whole
process groups afterwards.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest

_PWB_DIR = Path(tempfile.mkdtemp(prefix="ldwg-test-pywikibot-"))
(_PWB_DIR / "user-config.py").write_text(
    "password_file = 'user-password.py'\nput_throttle = 0\nmax_retries = 2\nretry_wait = 1\n"
    "retry_max = 2\nwrite_maxlag = 5\nsocket_timeout = (6.05, 30)\n"
)
(_PWB_DIR / "user-password.py").write_text("")
(_PWB_DIR / "user-password.py").chmod(0o600)
os.environ["PYWIKIBOT_DIR"] = str(_PWB_DIR)
os.environ.pop("PYWIKIBOT_NO_USER_CONFIG", None)
os.environ["LDWG_BOT_HOME"] = tempfile.mkdtemp(prefix="ldwg-test-home-")

from ldwg_bot.devwiki import DevWiki, DevWikiError, check_prerequisites, free_port  # noqa: E402


def _require_mediawiki() -> None:
    try:
        check_prerequisites()
    except DevWikiError as exc:
        if os.environ.get("CI") or os.environ.get("LDWG_BOT_REQUIRE_SHARED") == "1":
            pytest.fail(f"the local MediaWiki is needed: {exc}")
        pytest.skip(f"the local MediaWiki is needed: {exc}")


def live_translate() -> str:
    """The user's Translate + ULS folder ($LDWG_BOT_EXTENSIONS) for this MediaWiki, or skip.

    Never a failure, not even under LDWG_BOT_REQUIRE_SHARED=1: the project
    ships no extension and CI has none; what these tests cover is also
    tested against recorded answers.
    """
    from ldwg_bot.devwiki.extensions import ExtensionsError, find_translate

    try:
        return str(find_translate(None, check_prerequisites().dir))
    except ExtensionsError as exc:
        pytest.skip(f"needs a live Translate: {exc}")


def register_with_pywikibot(wiki: DevWiki, family: str = "") -> None:
    """Let this process's pywikibot log in to ``wiki`` (or a proxy family before it) as the bot."""
    family = family or wiki.family
    line = f"('{family}', '{family}', 'LdwgBot', BotPassword('ldwg', '{wiki.passwords['LdwgBot@ldwg']}'))\n"
    with (_PWB_DIR / "user-password.py").open("a") as fh:
        fh.write(line)


_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (made if missing) across processes."""
    with path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _copy_wiki(template: DevWiki, folder: Path, port: int, family: str) -> DevWiki:
    """A new wiki from a stopped, installed (and maybe seeded) one: its files copied, the one
    absolute path in its settings rewritten, its object cache emptied. This is what
    ``install.php`` plus seeding would leave, in a second instead of half a minute."""
    shutil.copytree(
        template.dir,
        folder,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns("server.pid", "php-server.log", "template-ready"),
    )
    for php in [folder / "LocalSettings.php", *(folder / "settings.d").glob("*.php")]:
        php.write_text(php.read_text().replace(str(template.dir), str(folder)))
    state = json.loads((folder / "devwiki.json").read_text())
    state.update(port=port, family=family)
    (folder / "devwiki.json").write_text(json.dumps(state, indent=2) + "\n")
    for name in ("wikicache.sqlite", "my_wiki.sqlite"):
        if (folder / "data" / name).is_file():
            db = sqlite3.connect(folder / "data" / name)
            try:
                with db:
                    db.execute("DELETE FROM objectcache")
            except sqlite3.OperationalError:  # no such table in this MediaWiki's layout
                pass
            finally:
                db.close()
    return DevWiki.load(folder, port=port)


@pytest.fixture(scope="session")
def devwiki_factory(tmp_path_factory):
    """``get(lang='en', translate=False, timezone='', name='')`` -> a started, seeded DevWiki.

    Each (lang, timezone, seed) is installed and seeded once, into a template that no test
    uses; every wiki of that kind is a copy of it (see :func:`_copy_wiki`). A wiki with
    Translate is installed on its own."""
    wikis: dict[tuple, DevWiki] = {}
    templates: dict[tuple, DevWiki] = {}
    # pytest-xdist's workers share the parent of their base folders: a template made by one
    # worker serves them all (made under a lock, then only read).
    shared = tmp_path_factory.getbasetemp().parent if _XDIST_WORKER else tmp_path_factory.getbasetemp()

    def template(lang: str, timezone: str, seed: bool) -> DevWiki:
        """Installed (and seeded: a copy of the installed one, then seeded), stopped."""
        key = (lang, timezone, seed)
        if key not in templates:
            folder = (
                shared
                / "templates"
                / "-".join(filter(None, (lang, timezone.replace("/", "_"), "seeded" if seed else "")))
            )
            folder.mkdir(parents=True, exist_ok=True)
            with _locked(folder.parent / f"{folder.name}.lock"):
                if not (folder / "template-ready").exists():
                    port = free_port()
                    if seed:
                        wiki = _copy_wiki(template(lang, timezone, False), folder, port, f"devwiki{port}")
                    else:
                        wiki = DevWiki.load(
                            folder, port=port, lang=lang, timezone=timezone, family=f"devwiki{port}"
                        )
                    wiki.start(seed=seed)
                    wiki.stop()
                    (folder / "template-ready").write_text("")
                templates[key] = DevWiki.load(folder)
        return templates[key]

    def get(
        lang: str = "en", translate: bool = False, timezone: str = "", name: str = "", seed: bool = True
    ) -> DevWiki:
        key = (lang, translate, timezone, name, seed)
        if key not in wikis:
            _require_mediawiki()
            extensions = live_translate() if translate else ""
            port = free_port()
            folder = tmp_path_factory.mktemp(f"devwiki-{lang}{'-tr' if translate else ''}")
            if translate:
                wiki = DevWiki.load(
                    folder,
                    port=port,
                    lang=lang,
                    translate=translate,
                    extensions=extensions,
                    timezone=timezone,
                    family=f"devwiki{port}",
                )
            else:
                wiki = _copy_wiki(template(lang, timezone, seed), folder, port, f"devwiki{port}")
            wikis[key] = wiki
            wiki.start(seed=seed)
            register_with_pywikibot(wiki)
        return wikis[key]

    yield get
    for wiki in wikis.values():  # templates stay for the other workers; pytest rotates base folders
        wiki.stop()
        shutil.rmtree(wiki.dir / "data", ignore_errors=True)


@pytest.fixture(scope="session")
def devwiki(devwiki_factory) -> DevWiki:
    """The seeded English devwiki shared by the session (use unique page titles)."""
    return devwiki_factory()


@pytest.fixture
def bot(devwiki):
    """A :class:`ldwg_bot.wiki.Wiki` logged in as the bot on the English devwiki."""
    from ldwg_bot.wiki import Wiki

    return Wiki.connect(
        devwiki.family,
        devwiki.family,
        api_url=devwiki.api_url,
        user="LdwgBot",
        summary_suffix="(ldwg-bot test)",
    )


@pytest.fixture
def simulate():
    """Turn on pywikibot's -simulate for one test."""
    from pywikibot import config as pwb_config

    old = pwb_config.simulate
    pwb_config.simulate = True
    yield
    pwb_config.simulate = old
