"""pywikibot start-up, in one place: its folder, its global args, the probe, -simulate's files.

The CLI calls :func:`prepare_pywikibot` once a run, *before* pywikibot is first
imported (pywikibot reads its folder and user-config.py on import): it picks the
folder, under ``-simulate`` redirects pywikibot's own files into a temporary
folder (:func:`own_files_in`), makes the configured wiki pywikibot's default so
that no other wiki is contacted, and hands pywikibot its one-dash args
(:func:`start_pywikibot`). :func:`wiki_factory` then builds the run's
:class:`~ldwg_bot.wiki.Wiki` when a job first needs it. pywikibot is imported
inside the functions, never at this module's import.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from ..errors import LdwgError

log = logging.getLogger("ldwg_bot")


def simulating() -> bool:
    """pywikibot's ``-simulate``: show what would be written, write nothing."""
    from pywikibot import config as pwb_config

    return bool(pwb_config.simulate)


def explicit_site(pwb_args: list[str]) -> bool:
    """Whether pywikibot's own ``-family:``/``-lang:``/``-site:`` choose the wiki (then the
    configuration's site is not used, nor probed)."""
    return any(a.startswith(("-family:", "-lang:", "-site:")) for a in pwb_args)


def simulate_requested(pwb_args: list[str]) -> bool:
    """pywikibot's ``-simulate`` (or ``-simulate:SECONDS``) among the global args."""
    return any(a == "-simulate" or a.startswith("-simulate:") for a in pwb_args)


def readonly_family(api_url: str) -> str:
    """The pywikibot family name registered for a read-only ``--api URL`` run."""
    return "ro" + hashlib.sha1(api_url.encode()).hexdigest()[:10]


def api_to_probe(pwb_args: list[str], cfg, api_url: str | None) -> str:
    """The api.php URL this run will use, when it is known before pywikibot starts."""
    if explicit_site(pwb_args):
        return ""
    if api_url:
        return api_url
    if cfg is None:
        return ""
    if cfg.site.api:
        return cfg.site.api
    return family_api_url(cfg.site.family, cfg.site.code)


def prepare_pywikibot(
    pwb_args: list[str],
    cfg,
    readonly: bool,
    files: ExitStack,
    api_url: str | None = None,
    verbose: bool = False,
) -> list[str]:
    """Point pywikibot at the right folder *before* importing it, probe the wiki, then hand
    pywikibot its args (which builds the site, so the wiki must be there).

    Under -simulate pywikibot still reads its folder, but writes its own files into a
    temporary folder for the run (``files`` puts everything back when the run ends); made
    here, before pywikibot's import, so it is removed at exit after pywikibot's last write."""
    from ..runtime.textfile import remove_leftovers, temporary_folder

    scratch = temporary_folder("ldwg-bot-simulate-") if simulate_requested(pwb_args) else None
    if scratch is None:  # what a killed -simulate run left (temporary_folder does it too)
        remove_leftovers(Path(tempfile.gettempdir()), "ldwg-bot-simulate-", "")
    has_dir = any(a.startswith("-dir:") for a in pwb_args) or "PYWIKIBOT_DIR" in os.environ
    no_folder = None
    if not has_dir and cfg is not None and cfg.site.pywikibot_dir:
        target = cfg.path(cfg.site.pywikibot_dir)
        if not (target / "user-config.py").is_file():
            if cfg.site.family == "devwiki":
                raise LdwgError(
                    f"{target}: no user-config.py; start the local wiki first with 'ldwg-bot devwiki start'"
                )
            raise LdwgError(f"{cfg.source}: site.pywikibot_dir: {target} has no user-config.py")
        os.environ["PYWIKIBOT_DIR"] = str(target)
    elif not has_dir:
        candidates = [Path.cwd(), Path.home() / ".pywikibot"]
        if readonly or not any((c / "user-config.py").is_file() for c in candidates):
            os.environ.setdefault("PYWIKIBOT_NO_USER_CONFIG", "2")
            no_folder = scratch
    from ..runtime.secrecy import protect_logs
    from .probe import check_site_api

    protect_logs()
    with _pywikibot_folder(no_folder):
        import pywikibot  # noqa: F401  (reads its folder, once, here)

    explicit = explicit_site(pwb_args)
    if cfg is not None and cfg.site.api and not explicit:
        check_site_api(cfg, family_api_url(cfg.site.family, cfg.site.code))
    if scratch is None and simulating():  # simulate = True in user-config.py
        scratch = temporary_folder("ldwg-bot-simulate-")
    if scratch is not None:
        files.enter_context(own_files_in(scratch))
    site = None
    if not explicit:
        if cfg is not None:
            site = (cfg.site.family, cfg.site.code, cfg.site.api)
        elif api_url:
            # read-only --api URL: that wiki, so no other site is ever contacted
            name = readonly_family(api_url)
            site = (name, name, api_url)
    retries = cfg.site.connect_retries if cfg is not None else 2
    return start_pywikibot(
        pwb_args, site, retries, verbose, probe_url=lambda: api_to_probe(pwb_args, cfg, api_url)
    )


@contextmanager
def _pywikibot_folder(scratch: Path | None) -> Iterator[None]:
    """With no pywikibot folder of its own, pywikibot would make ``~/.pywikibot`` and write
    into the working folder when imported; under -simulate it gets ``scratch`` (with an
    empty user-config.py, which is what makes pywikibot take a folder) instead."""
    if scratch is None:
        yield
        return
    (scratch / "user-config.py").touch()
    before = os.environ.get("PYWIKIBOT_DIR")
    os.environ["PYWIKIBOT_DIR"] = str(scratch)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("PYWIKIBOT_DIR", None)
        else:
            os.environ["PYWIKIBOT_DIR"] = before


def wiki_factory(
    cfg,
    pwb_args: list[str],
    api_url: str | None,
    always: bool = True,
    bot_password: tuple[str, str, str] | None = None,
):
    """Builds the wiki when a job first needs it. A hand run on a terminal without -always
    asks before each edit (pywikibot's prompt); with no terminal there is nobody to ask."""

    def make():
        from .facade import Wiki

        if api_url:
            name = readonly_family(api_url)
            return Wiki.connect(name, name, api_url=api_url)
        explicit = explicit_site(pwb_args)
        family, code = default_site() if explicit else (cfg.site.family, cfg.site.code)
        return Wiki.connect(
            family,
            code,
            api_url=cfg.site.api if family == cfg.site.family else "",
            user=bot_password[0] if bot_password else cfg.site.user,
            bot_password=bot_password,
            summary_suffix=cfg.site.summary_suffix,
            maxlag=cfg.site.maxlag,
            put_throttle=cfg.site.put_throttle,
            ask=not always and sys.stdin.isatty(),
        )

    return make


def start_pywikibot(
    pwb_args: list[str],
    site: tuple[str, str, str] | None,
    retries: int,
    verbose: bool,
    probe_url: Callable[[], str],
) -> list[str]:
    """Hand pywikibot its global args; return the ones it left for the script.

    ``handle_args()`` builds the default site at once, and its first request is the probe of
    the wiki, so ``site`` (family, code, api URL) is made the default first: otherwise
    pywikibot's own default wiki would be contacted. On failure, one line names what
    ``probe_url()`` answered (no traceback unless ``verbose``).
    """
    import pywikibot
    from pywikibot import config as pwb_config

    from ..runtime.secrecy import protect_logs
    from ..runtime.terminal import shown_handlers
    from .probe import startup_failure, startup_limits
    from .quiet import errors_once, startup_quiet, terse_terminal

    if site is not None:
        family, code, api_url = site
        if api_url:
            pwb_config.family_files.setdefault(family, api_url)
        pwb_config.family, pwb_config.mylang = family, code
    # handle_args([]) would read sys.argv (our own options) instead: give it only pwb's.
    saved = pywikibot.argvu
    pywikibot.argvu = [saved[0] if saved else "ldwg-bot", *pwb_args]
    try:
        with warnings.catch_warnings():
            # a second run in one process (tests, the demo) reuses pywikibot's site cache
            warnings.filterwarnings("ignore", "Site objects have been created before arguments")
            try:
                with startup_limits(pwb_config, retries), startup_quiet(not verbose):
                    local = pywikibot.handle_args(pwb_args, do_help=False)
            except Exception as exc:
                if verbose:
                    raise
                raise startup_failure(probe_url(), retries, exc) from None
        protect_logs(Path(pwb_config.base_dir) / "logs")
        errors_once(not verbose)
        shown_handlers()  # pywikibot's messages and diffs quote the wiki's text
        if not verbose:
            terse_terminal()
        return local
    finally:
        pywikibot.argvu = saved


@contextmanager
def own_files_in(folder: Path) -> Iterator[None]:
    """While this lasts (a -simulate run), pywikibot writes its own files into ``folder``.

    pywikibot writes beside user-config.py even when it edits nothing: ``throttle.ctrl``,
    ``logs/commands.log`` and the ``-log``/``-debug`` files, ``apicache/`` and, after a login,
    its cookie file; each is placed under ``config.base_dir`` when it is first opened, so that
    is pointed at ``folder`` before :func:`start_pywikibot`. Reading stays as it was:
    user-config.py was read on import, user-password.py is read from the real folder and so are
    saved cookies (a login's new ones are saved in ``folder``). Sites built before this (an
    earlier run in the same process) keep their throttle file."""
    from http import cookiejar

    from pywikibot import config as pwb_config
    from pywikibot.comms import http
    from pywikibot.data import api

    real = Path(pwb_config.base_dir)
    saved = pwb_config.base_dir, pwb_config.password_file
    password = pwb_config.password_file
    if password and not Path(password).is_absolute():
        pwb_config.password_file = password = str(real / password)
    cache_dir = api.CachedRequest.__dict__["_get_cache_dir"]
    jar = http.cookie_jar
    load = jar.load

    def load_saved(user: str = "", *args: Any, **kwargs: Any) -> None:
        load(user, *args, **kwargs)  # names the cookie file inside ``folder``
        name = Path(jar.filename).name if jar.filename else ""
        if name and (real / name).is_file():
            try:
                cookiejar.LWPCookieJar.load(jar, str(real / name), *args, **kwargs)
            except (cookiejar.LoadError, OSError):
                log.debug("%s: saved cookies not readable", real / name)

    # pywikibot's Throttle reads throttle.ctrl when a site is built and, once the process has
    # its throttle id, fails when the file is missing; a copy also counts the other bots as
    # the real folder does
    if (real / "throttle.ctrl").is_file():
        shutil.copyfile(real / "throttle.ctrl", folder / "throttle.ctrl")
    else:
        (folder / "throttle.ctrl").touch()
    pwb_config.base_dir = str(folder)
    api.CachedRequest._get_cache_dir = classmethod(lambda cls: cls._make_dir(folder / "apicache"))
    jar.load = load_saved
    try:
        yield
    finally:
        del jar.load
        api.CachedRequest._get_cache_dir = cache_dir
        if pwb_config.password_file == password:  # not dropped for an in-memory password
            pwb_config.password_file = saved[1]
        pwb_config.base_dir = saved[0]


def default_site() -> tuple[str, str]:
    """(family, code) pywikibot chose from -family/-lang/-site."""
    from pywikibot import config as pwb_config

    return pwb_config.family, pwb_config.mylang


def family_api_url(family_name: str, code: str) -> str:
    """api.php URL of a pywikibot family, or "" when pywikibot does not know it."""
    from pywikibot.family import Family

    try:
        family = Family.load(family_name)
        return f"{family.protocol(code)}://{family.hostname(code)}{family.apipath(code)}"
    except Exception:  # an unknown family: pywikibot itself will say so
        return ""
