"""``ldwg-bot``: one command for every job, Pywikibot-style.

Usage::

    ldwg-bot [pywikibot global options] COMMAND [options]
    ldwg-bot --version

Commands:
    publish-update       publish the monthly update (translatable page, box, digest)
    collect-feedback     collect comments from talk pages; summary page; export
    translation-status   keep the translation status table current; export
    run-all              run every job once
    schedule             run the jobs on the configured timetable
    check-config         validate a configuration file and exit
    devwiki              install / start / stop / reset the local MediaWiki

Global options are pywikibot's, with one dash: ``-simulate`` (show the diff,
write nothing), ``-always`` (do not ask before each edit), ``-family:F``,
``-lang:L``, ``-user:U``, ``-dir:PATH`` (folder with user-config.py), and the
rest of ``pwb -help``. Options of ldwg-bot itself have two dashes.

Exit codes: 0 ok, 1 failure (one line says what and where), 2 usage error.
"""
from __future__ import annotations

import argparse
import hashlib
import importlib
import logging
import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

from .errors import LdwgError
from .stop import Terminated, sigterm_handled
from .terminal import ShownFormatter, error_line, say

JOBS = {
    "publish-update": "ldwg_bot.updates.job",
    "collect-feedback": "ldwg_bot.feedback.job",
    "translation-status": "ldwg_bot.translations.job",
}
OTHER = {
    "run-all": "ldwg_bot.ops.runall",
    "schedule": "ldwg_bot.ops.scheduler",
}
log = logging.getLogger("ldwg_bot")


def split_args(argv: list[str]) -> tuple[list[str], list[str]]:
    """(pywikibot global args, ldwg-bot args): one dash is pywikibot's, two dashes ours."""
    pwb, ours = [], []
    for tok in argv:
        if tok.startswith("-") and not tok.startswith("--") and tok not in ("-", "-h"):
            pwb.append(tok)
        else:
            ours.append(tok)
    return pwb, ours


def _setup_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(ShownFormatter("ldwg-bot: %(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.DEBUG if verbose else logging.INFO)
    log.propagate = False


def default_config_path() -> str | None:
    env = os.environ.get("LDWG_BOT_CONFIG")
    if env:
        return env
    local = Path("ldwg-bot.toml")
    return str(local) if local.is_file() else None


def job_parser(command: str, module) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"ldwg-bot {command}", description=module.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Pywikibot global options (-simulate, -always, -family:, -lang:, -user:, -dir:) "
               "are accepted too.")
    parser.add_argument("--config", default=default_config_path(),
                        help="TOML configuration (default: ./ldwg-bot.toml, $LDWG_BOT_CONFIG, "
                             "or the packaged default aimed at the devwiki)")
    parser.add_argument("--config-page", metavar="TITLE",
                        help="read the configuration from this JSON page on the wiki instead")
    parser.add_argument("--group", help="the [[group]] to work on (default: every group)")
    parser.add_argument("--report", metavar="FILE", help="write a JSON report of the run")
    parser.add_argument("--verbose", action="store_true", help="more progress output")
    module.add_arguments(parser)
    return parser


def readonly_family(api_url: str) -> str:
    """The pywikibot family name registered for a read-only ``--api URL`` run."""
    return "ro" + hashlib.sha1(api_url.encode()).hexdigest()[:10]


def _api_to_probe(pwb_args: list[str], cfg, api_url: str | None) -> str:
    """The api.php URL this run will use, when it is known before pywikibot starts."""
    if any(a.startswith(("-family:", "-lang:", "-site:")) for a in pwb_args):
        return ""
    if api_url:
        return api_url
    if cfg is None:
        return ""
    if cfg.site.api:
        return cfg.site.api
    from .wiki import family_api_url

    return family_api_url(cfg.site.family, cfg.site.code)


def _wiki_failure(exc: BaseException) -> str | None:
    """One line for a failure of pywikibot or the network that reached the CLI; None for a bug."""
    module = type(exc).__module__ or ""
    if not module.startswith(("pywikibot", "requests", "urllib3")):
        return None
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"the wiki failed: {type(exc).__name__}: {text}; nothing more done (--verbose shows the traceback)"


def simulate_requested(pwb_args: list[str]) -> bool:
    """pywikibot's ``-simulate`` (or ``-simulate:SECONDS``) among the global args."""
    return any(a == "-simulate" or a.startswith("-simulate:") for a in pwb_args)


def _prepare_pywikibot(pwb_args: list[str], cfg, readonly: bool, files: ExitStack,
                       api_url: str | None = None, verbose: bool = False) -> list[str]:
    """Point pywikibot at the right folder *before* importing it, probe the wiki, then hand
    pywikibot its args (which builds the site, so the wiki must be there).

    Under -simulate pywikibot still reads its folder, but writes its own files into a
    temporary folder for the run (``files`` puts everything back when the run ends); made
    here, before pywikibot's import, so it is removed at exit after pywikibot's last write."""
    from .textfile import remove_leftovers, temporary_folder

    scratch = temporary_folder("ldwg-bot-simulate-") if simulate_requested(pwb_args) else None
    if scratch is None:             # what a killed -simulate run left (temporary_folder does it too)
        remove_leftovers(Path(tempfile.gettempdir()), "ldwg-bot-simulate-", "")
    has_dir = any(a.startswith("-dir:") for a in pwb_args) or "PYWIKIBOT_DIR" in os.environ
    no_folder = None
    if not has_dir and cfg is not None and cfg.site.pywikibot_dir:
        target = cfg.path(cfg.site.pywikibot_dir)
        if not (target / "user-config.py").is_file():
            if cfg.site.family == "devwiki":
                raise LdwgError(f"{target}: no user-config.py; start the local wiki first with "
                                "'ldwg-bot devwiki start'")
            raise LdwgError(f"{cfg.source}: site.pywikibot_dir: {target} has no user-config.py")
        os.environ["PYWIKIBOT_DIR"] = str(target)
    elif not has_dir:
        candidates = [Path.cwd(), Path.home() / ".pywikibot"]
        if readonly or not any((c / "user-config.py").is_file() for c in candidates):
            os.environ.setdefault("PYWIKIBOT_NO_USER_CONFIG", "2")
            no_folder = scratch
    from .probe import check_site_api
    from .secrecy import protect_logs

    protect_logs()
    with _pywikibot_folder(no_folder):
        from .wiki import family_api_url, own_files_in, simulating, start_pywikibot   # reads its folder

    explicit = any(a.startswith(("-family:", "-lang:", "-site:")) for a in pwb_args)
    if cfg is not None and cfg.site.api and not explicit:
        check_site_api(cfg, family_api_url(cfg.site.family, cfg.site.code))
    if scratch is None and simulating():           # simulate = True in user-config.py
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
    return start_pywikibot(pwb_args, site, retries, verbose,
                           probe_url=lambda: _api_to_probe(pwb_args, cfg, api_url))


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


def _wiki_factory(cfg, pwb_args: list[str], api_url: str | None, always: bool = True,
                  bot_password: tuple[str, str, str] | None = None):
    """Builds the wiki when a job first needs it. A hand run on a terminal without -always
    asks before each edit (pywikibot's prompt); with no terminal there is nobody to ask."""
    def make():
        from .wiki import Wiki, default_site

        if api_url:
            name = readonly_family(api_url)
            return Wiki.connect(name, name, api_url=api_url)
        explicit = any(a.startswith(("-family:", "-lang:", "-site:")) for a in pwb_args)
        family, code = default_site() if explicit else (cfg.site.family, cfg.site.code)
        return Wiki.connect(family, code, api_url=cfg.site.api if family == cfg.site.family else "",
                            user=bot_password[0] if bot_password else cfg.site.user,
                            bot_password=bot_password, summary_suffix=cfg.site.summary_suffix,
                            maxlag=cfg.site.maxlag, put_throttle=cfg.site.put_throttle,
                            ask=not always and sys.stdin.isatty())
    return make


def _password_from_environment(cfg) -> tuple[str, str, str] | None:
    """BotPassword from the environment (Toolforge envvars), kept in memory only.

    ``LDWG_BOT_BOTPASSWORD`` is ``appname:password`` (or just the password, app
    ``ldwg``) of ``LDWG_BOT_USER`` (default: ``site.user`` of the config).
    Returns ``(user, app, password)`` for :meth:`Wiki.login`; nothing is
    written to disk, and the value is masked in every log record.
    """
    from .secrecy import add_secret

    for other in ("LDWG_BOT_DISCOURSE_API_KEY",):     # masked in logs like the BotPassword
        if os.environ.get(other):
            add_secret(os.environ[other])
    secret = os.environ.get("LDWG_BOT_BOTPASSWORD")
    if not secret:
        return None

    app, password = secret.split(":", 1) if ":" in secret else ("ldwg", secret)
    add_secret(password)
    add_secret(secret)
    user = os.environ.get("LDWG_BOT_USER") or (cfg.site.user if cfg else "")
    if not user:
        raise LdwgError("LDWG_BOT_BOTPASSWORD is set but no user: set LDWG_BOT_USER or site.user")
    return user, app, password


def _config_from_wiki(ctx, title: str):
    """On-wiki configuration: a JSON page in the bot account's own user space; it may set
    groups and pages, never local paths, the site or the account (those stay local)."""
    from .config import config_page_allowed, load_wiki_json

    local = ctx.config
    title = config_page_allowed(title, os.environ.get("LDWG_BOT_USER") or local.site.user)
    page = ctx.wiki.read_page(title)
    if not page.exists:
        raise LdwgError(f"{title}: configuration page does not exist")
    return load_wiki_json(page.text or "", f"wiki:{title}", local)


def run_job(command: str, argv: list[str]) -> int:
    module = importlib.import_module(JOBS.get(command) or OTHER[command])
    pwb_args, ours = split_args(argv)
    if "-help" in pwb_args or "-h" in ours:
        ours.append("--help")
    parser = job_parser(command, module)
    args = parser.parse_args(ours)
    _setup_logging(args.verbose)
    with sigterm_handled(), ExitStack() as files:
        return _run_job(command, module, parser, args, pwb_args, files)


def _run_job(command: str, module, parser: argparse.ArgumentParser, args: argparse.Namespace,
             pwb_args: list[str], files: ExitStack) -> int:
    from .report import Report

    report = Report(job=command)
    readonly = bool(getattr(args, "api", None))
    cfg = None
    if readonly:
        from .config import check_api_url

        check_api_url(args.api, "--api")
    if not readonly:
        from . import config as config_mod

        cfg = config_mod.load(args.config)
    try:
        local = _prepare_pywikibot(pwb_args, cfg, readonly, files, getattr(args, "api", None),
                                   args.verbose)
    except Exception as exc:
        message = _wiki_failure(exc)
        if message is None or args.verbose:
            raise
        raise LdwgError(message) from None
    always = "-always" in local
    unknown = [a for a in local if a != "-always"]
    if unknown:
        parser.error(f"unknown option {unknown[0]} (pywikibot options take one dash, "
                     "ldwg-bot's own two)")
    from .context import Context

    bot_password = _password_from_environment(cfg)
    ctx = Context(config=cfg, args=args, report=report, always=always, pwb_args=pwb_args,
                  wiki_factory=_wiki_factory(cfg, pwb_args, getattr(args, "api", None), always,
                                             bot_password))
    try:
        if args.config_page and not readonly:
            ctx.config = _config_from_wiki(ctx, args.config_page)
        if command in JOBS:
            from .ops.lock import lock_for

            with lock_for(ctx, command):
                module.run(ctx)
        else:
            module.run(ctx)
    except (LdwgError, Terminated) as exc:
        report.errors.append(str(exc))
        report.exit_code = exc.exit_code
    except Exception as exc:
        message = _wiki_failure(exc)
        if message is None or args.verbose:
            raise
        report.errors.append(message)
        report.exit_code = 1
    finally:
        ctx.close()
    # a job that writes its data to stdout (--export -) gets the summary on stderr
    summary = sys.stderr if getattr(args, "export", None) == "-" else sys.stdout
    say(report.summary(), file=summary)
    if args.report:
        try:
            skipped = report.write(args.report, simulate=ctx.simulate)
        except OSError as exc:
            report.errors.append(f"--report {args.report}: cannot write: {exc.strerror or exc}")
            report.exit_code = report.exit_code or 1
        else:
            if skipped:
                say(f"  note: {skipped}", file=summary)
    for err in report.errors:
        error_line(err)
    return report.exit_code


def check_config(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="ldwg-bot check-config",
                                     description="Validate a configuration file; touches no wiki.")
    parser.add_argument("file", nargs="?", default=default_config_path())
    args = parser.parse_args(argv)
    from . import config as config_mod

    cfg = config_mod.load(args.file)
    groups = ", ".join(g.name for g in cfg.groups)
    say(f"{cfg.source}: OK ({cfg.site.family}:{cfg.site.code}, groups: {groups})")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = [*JOBS, *OTHER, "check-config", "devwiki"]
    command = next((a for a in argv if not a.startswith("-")), None)
    if command is None and "--version" in argv:
        from . import __version__

        print(f"ldwg-bot {__version__}")
        return 0
    if command is None or command in ("help",):
        print(__doc__)
        return 0 if ("--help" in argv or "-help" in argv or command == "help") else 2
    if command not in commands:
        error_line(f"unknown command {command!r}; expected one of {', '.join(commands)}")
        return 2
    rest = argv[:argv.index(command)] + argv[argv.index(command) + 1:]
    try:
        if command == "devwiki":
            from .devwiki.cli import main as devwiki_main

            return devwiki_main(rest)
        if command == "check-config":
            return check_config(rest)
        return run_job(command, rest)
    except (LdwgError, Terminated) as exc:
        error_line(str(exc))
        return exc.exit_code
    except KeyboardInterrupt:
        print("ldwg-bot: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
