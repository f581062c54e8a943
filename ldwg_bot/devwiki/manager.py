"""The devwiki: a real, local MediaWiki for the demo and the tests.

``ldwg-bot devwiki start`` installs a fresh wiki from a MediaWiki core (Debian's
``mediawiki`` package, 1.39 or 1.43, or any unpacked core: see :mod:`.mediawiki`;
SQLite, ``install --confpath`` into the data dir, so no system file is touched),
remembers which core it was, serves it with ``php -S 127.0.0.1:PORT`` and
``MW_CONFIG_FILE`` (:mod:`.server`), creates the bot account with a BotPassword, writes a
pywikibot ``user-config.py``/``user-password.py`` that point at it, and seeds
the LDWG example pages. Every step is idempotent; ``stop`` ends the server's
whole process group (php's ``PHP_CLI_SERVER_WORKERS`` outlive their parent).
One wiki's whole life (install, serve, account, seed, stop) is one class whose
steps share its paths.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .client import ApiClient
from .extensions import ExtensionsError, find_translate
from .mediawiki import Core, DevWikiError, new_bot_password, require_php, resolve
from .seed import seed_wiki
from .server import running_pid, start_server, stop_server

BOT_USER = "LdwgBot"
BOT_APPID = "ldwg"
ADMIN_USER = "Admin"
BOT_GRANTS = "basic,highvolume,editpage,editprotected,createeditmovepage,uploadfile,editmycssjs"
SETTINGS_MARK = "# --- ldwg-bot devwiki settings ---"


def check_prerequisites(mediawiki: str | None = None) -> Core:
    """The core ``mediawiki`` names (default: $LDWG_BOT_MEDIAWIKI or the system's), checked."""
    require_php()
    core = resolve(mediawiki)
    core.check()
    return core


@dataclass
class DevWiki:
    """One local wiki in ``dir``; its settings persist in ``dir/devwiki.json``."""

    dir: Path
    port: int = 8088
    lang: str = "en"
    translate: bool = False
    extensions: str = ""
    family: str = "devwiki"
    timezone: str = ""
    workers: int = 4
    mediawiki: str = ""  # the core's folder once installed; before, what --mediawiki named
    passwords: dict = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------ addresses
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.url}/api.php"

    def page_url(self, title: str) -> str:
        from urllib.parse import quote

        return f"{self.url}/index.php/{quote(title.replace(' ', '_'), safe='/:')}"

    @property
    def settings_file(self) -> Path:
        return self.dir / "LocalSettings.php"

    @property
    def pywikibot_dir(self) -> Path:
        return self.dir / "pywikibot"

    # ---------------------------------------------------------------- state
    @classmethod
    def load(cls, directory: Path, **overrides) -> DevWiki:
        """The wiki in ``directory`` with its saved settings; ``overrides`` for a new one."""
        directory = Path(directory).resolve()
        state_file = directory / "devwiki.json"
        if state_file.is_file():
            saved = json.loads(state_file.read_text())
            wiki = cls(dir=directory, **{k: v for k, v in saved.items() if k != "dir"})
            for key in ("lang", "translate", "timezone"):
                new = overrides.get(key)
                if new not in (None, "", False) and new != getattr(wiki, key):
                    raise DevWikiError(
                        f"{directory}: this devwiki was installed with {key}={getattr(wiki, key)!r}; "
                        f"run 'ldwg-bot devwiki reset' (or use another --dir) to change it"
                    )
            if overrides.get("mediawiki"):
                wiki.choose_core(str(overrides["mediawiki"]))
            if overrides.get("port"):
                wiki.port = overrides["port"]
            if overrides.get("extensions"):
                wiki.extensions = str(overrides["extensions"])
        else:
            wiki = cls(dir=directory, **{k: v for k, v in overrides.items() if v not in (None, "")})
        secrets_file = directory / "secrets.json"
        if secrets_file.is_file():
            wiki.passwords = json.loads(secrets_file.read_text())
        return wiki

    @property
    def core(self) -> Core:
        """The MediaWiki this wiki runs on (fetched on first use when a branch was named)."""
        if "_core" not in self.__dict__:
            self.__dict__["_core"] = resolve(self.mediawiki)
        return self.__dict__["_core"]

    def choose_core(self, spec: str) -> None:
        """A wiki stays on the core it was installed with: its database has that schema."""
        if not self.installed:
            self.mediawiki = spec
            self.__dict__.pop("_core", None)
            return
        installed = self.core
        if installed.branch != spec and installed.dir != Path(spec).expanduser().resolve():
            raise DevWikiError(
                f"{self.dir}: this devwiki was installed with {installed.describe()}; "
                f"run 'ldwg-bot devwiki reset --mediawiki {spec}' (or use another --dir) "
                "to change it"
            )

    def _save_state(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        state = {k: v for k, v in asdict(self).items() if k not in ("dir", "passwords")}
        (self.dir / "devwiki.json").write_text(json.dumps(state, indent=2) + "\n")
        secrets_file = self.dir / "secrets.json"
        secrets_file.write_text(json.dumps(self.passwords, indent=2) + "\n")
        secrets_file.chmod(0o600)

    def password(self, user: str) -> str:
        if user not in self.passwords:
            # never starting with "-": maintenance scripts would read it as an option
            self.passwords[user] = "p" + secrets.token_urlsafe(18)
            self._save_state()
        return self.passwords[user]

    @property
    def installed(self) -> bool:
        return self.settings_file.is_file() and (self.dir / "data" / "my_wiki.sqlite").is_file()

    # --------------------------------------------------------- maintenance
    def _env(self) -> dict:
        env = dict(os.environ)
        env["MW_CONFIG_FILE"] = str(self.settings_file)
        env["LDWG_DEVWIKI_PORT"] = str(self.port)
        env["PHP_CLI_SERVER_WORKERS"] = str(self.workers)
        return env

    def maintenance(self, script: str, *args: str, stdin: str | None = None) -> str:
        """Run ``maintenance/<script>.php`` against this wiki; raise with its output on failure."""
        cmd = [*self.core.script(script), *args]
        proc = subprocess.run(
            cmd, cwd=self.core.dir, env=self._env(), input=stdin, capture_output=True, text=True
        )
        if proc.returncode != 0:
            out = (proc.stdout + proc.stderr).strip().splitlines()[-5:]
            raise DevWikiError(f"maintenance/{script}.php failed: {' | '.join(out)}")
        return proc.stdout

    def run_jobs(self) -> None:
        """Settle the job queue (Translate statistics, FuzzyBot's page updates)."""
        self.maintenance("runJobs", "--quiet")

    def install(self) -> None:
        """Install MediaWiki into ``dir`` unless already there."""
        if self.installed:
            self.core.check()
            return
        require_php()
        if self.translate:  # before anything is written: say what to get
            try:
                self.extensions = str(find_translate(self.extensions or None, self.core.dir))
            except ExtensionsError as exc:
                raise DevWikiError(str(exc)) from exc
        data = self.dir / "data"
        if self.dir.exists() and any(self.dir.iterdir()) and not (self.dir / "devwiki.json").exists():
            raise DevWikiError(f"{self.dir} exists and is not a devwiki folder; choose another --dir")
        core = self.core
        core.check()
        self.mediawiki = str(core.dir)
        data.mkdir(parents=True, exist_ok=True)
        self._save_state()
        self.maintenance(
            "install",
            "--dbtype",
            "sqlite",
            "--dbpath",
            str(data),
            "--confpath",
            str(self.dir),
            "--server",
            self.url,
            "--scriptpath",
            "",
            "--lang",
            self.lang,
            "--pass",
            self.password(ADMIN_USER),
            "--skins",
            "Vector",
            "LDWG Dev Wiki",
            ADMIN_USER,
        )
        (self.dir / "settings.d").mkdir(exist_ok=True)
        extra = [
            "",
            SETTINGS_MARK,
            f"$wgServer = 'http://127.0.0.1:' . ( getenv( 'LDWG_DEVWIKI_PORT' ) ?: '{self.port}' );",
            "$wgCanonicalServer = $wgServer;",
            "$wgMainCacheType = CACHE_DB; $wgSessionCacheType = CACHE_DB;  # no APCu under php -S",
            "$wgJobRunRate = 0;             # jobs run by 'runJobs', so tests are deterministic",
            "$wgShowExceptionDetails = true;",
            "$wgEnableBotPasswords = true;",
            "$wgRightsText = ''; $wgRightsUrl = '';",
            "$wgLogos = [ '1x' => \"$wgResourceBasePath/resources/assets/mediawiki.png\" ];",
            "$wgGroupPermissions['sysop']['deletelogentry'] = true;",
            "$wgEnableUploads = true;        # the example update shows a file of the devwiki",
            "$wgUploadDirectory = __DIR__ . '/data/images';",
            '$wgUploadPath = "$wgScriptPath/img_auth.php";  # php -S serves the MediaWiki folder only',
        ]
        if self.timezone:
            extra.append(f"$wgLocaltimezone = '{self.timezone}';")
        extra.append(
            "foreach ( glob( __DIR__ . '/settings.d/*.php' ) ?: [] as $ldwgFile ) { require $ldwgFile; }"
        )
        with self.settings_file.open("a") as fh:
            fh.write("\n".join(extra) + "\n")
        if self.translate:
            self._enable_translate()
        self.maintenance("createAndPromote", "--bot", BOT_USER, self.password(BOT_USER))
        bot_password = new_bot_password()
        self.maintenance(
            "createBotPassword", "--appid", BOT_APPID, "--grants", BOT_GRANTS, BOT_USER, bot_password
        )
        self.passwords[f"{BOT_USER}@{BOT_APPID}"] = bot_password
        self._save_state()
        self.write_pywikibot_config()

    def _enable_translate(self) -> None:
        """Load the checked Translate + ULS (see :func:`find_translate`) as Meta-Wiki has them."""
        (self.dir / "settings.d" / "10-translate.php").write_text(f"""<?php
# Translate as Meta-Wiki has it (the user's own checkouts, branch matching MediaWiki).
$wgPageLanguageUseDB = true;
$wgULSWebfontsEnabled = false;
wfLoadExtension( 'UniversalLanguageSelector', '{self.extensions}/UniversalLanguageSelector/extension.json' );
wfLoadExtension( 'Translate', '{self.extensions}/Translate/extension.json' );
$wgGroupPermissions['user']['translate'] = true;
$wgGroupPermissions['sysop']['pagetranslation'] = true;
$wgGroupPermissions['bot']['pagetranslation'] = true;
$wgTranslateDocumentationLanguageCode = 'qqq';
""")
        self._save_state()
        self.maintenance("update", "--quick")

    def write_pywikibot_config(self) -> None:
        """user-config.py + user-password.py (0600) so pywikibot reaches this wiki."""
        pwb = self.pywikibot_dir
        pwb.mkdir(parents=True, exist_ok=True)
        (pwb / "user-config.py").write_text(
            "# Written by 'ldwg-bot devwiki': pywikibot settings for the local wiki.\n"
            f"family_files['{self.family}'] = '{self.api_url}'\n"
            f"family = '{self.family}'\n"
            f"mylang = '{self.family}'\n"
            f"usernames['{self.family}']['{self.family}'] = '{BOT_USER}'\n"
            "password_file = 'user-password.py'\n"
            "put_throttle = 0\n"
            "write_maxlag = 5\n"
            "max_retries = 3\n"
            "retry_wait = 1\n"
            "retry_max = 4\n"
            "socket_timeout = (6.05, 30)\n"
            "noisysleep = 600\n"
        )
        pw = pwb / "user-password.py"
        pw.write_text(
            f"('{self.family}', '{self.family}', '{BOT_USER}', "
            f"BotPassword('{BOT_APPID}', '{self.passwords[f'{BOT_USER}@{BOT_APPID}']}'))\n"
        )
        pw.chmod(0o600)

    # -------------------------------------------------------------- server
    def _pid(self) -> int | None:
        return running_pid(self.dir / "server.pid")

    def running(self) -> bool:
        return self._pid() is not None

    def serve(self, timeout: float = 20) -> None:
        """Start ``php -S`` (see :mod:`.server`) unless it runs, and wait for the API to answer."""
        if self.running():
            return
        start_server(
            self.dir / "server.pid",
            self.dir / "php-server.log",
            self.port,
            self.core.dir,
            self._env(),
            self.api_url,
            timeout,
        )

    def stop(self) -> bool:
        """End the server's whole process group; True when something was running."""
        return stop_server(self.dir / "server.pid")

    # --------------------------------------------------------- life cycle
    def start(self, seed: bool = True) -> None:
        self.install()
        self.write_pywikibot_config()  # the port may have changed
        self._save_state()
        self.serve()
        if seed and not (self.dir / "seeded").exists():
            seed_wiki(self)
            (self.dir / "seeded").write_text(time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()) + "\n")

    def reset(self) -> None:
        self.stop()
        keep = {
            k: getattr(self, k)
            for k in ("port", "lang", "translate", "extensions", "family", "timezone", "mediawiki")
        }
        if (self.dir / "devwiki.json").exists():
            shutil.rmtree(self.dir)
        self.passwords = {}
        for k, v in keep.items():
            setattr(self, k, v)

    def status(self) -> dict:
        try:
            core = Core.at(self.mediawiki) if self.installed else resolve(self.mediawiki, fetch=False)
            version, core_dir = core.version, str(core.dir)
        except DevWikiError:
            version, core_dir = "", ""
        return {
            "dir": str(self.dir),
            "installed": self.installed,
            "running": self.running(),
            "mediawiki": version,
            "mediawiki_dir": core_dir,
            "url": self.url,
            "api": self.api_url,
            "lang": self.lang,
            "translate": self.translate,
            "seeded": (self.dir / "seeded").exists(),
            "pywikibot_dir": str(self.pywikibot_dir),
        }

    # -------------------------------------------------------------- clients
    def client(self, user: str | None = None) -> ApiClient:
        """An API session, logged in as ``user`` (created on first use) or anonymous."""
        c = ApiClient(self.api_url)
        if user is None:
            return c
        if user == BOT_USER:
            return c.login(f"{BOT_USER}@{BOT_APPID}", self.passwords[f"{BOT_USER}@{BOT_APPID}"])
        if user not in self.passwords or (user != ADMIN_USER and not self._user_exists(user)):
            self.create_user(user)
        return c.login(user, self.password(user))

    def _user_exists(self, user: str) -> bool:
        users = ApiClient(self.api_url).get(action="query", list="users", ususers=user)["query"]["users"]
        return not users[0].get("missing", False)

    def create_user(self, user: str, *groups: str) -> None:
        args = [f"--custom-groups={','.join(groups)}"] if groups else []
        self.maintenance("createAndPromote", "--force", *args, user, self.password(user))
