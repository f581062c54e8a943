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
import importlib
import logging
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from .errors import LdwgError
from .runtime.stop import Terminated, sigterm_handled
from .runtime.terminal import ShownFormatter, error_line, say

JOBS = {
    "publish-update": "ldwg_bot.updates.job",
    "collect-feedback": "ldwg_bot.feedback.job",
    "translation-status": "ldwg_bot.translations.job",
}
OTHER = {"run-all": "ldwg_bot.ops.runall", "schedule": "ldwg_bot.ops.scheduler"}
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
        prog=f"ldwg-bot {command}",
        description=module.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Pywikibot global options (-simulate, -always, -family:, -lang:, -user:, -dir:) "
        "are accepted too.",
    )
    parser.add_argument(
        "--config",
        default=default_config_path(),
        help="TOML configuration (default: ./ldwg-bot.toml, $LDWG_BOT_CONFIG, "
        "or the packaged default aimed at the devwiki)",
    )
    parser.add_argument(
        "--config-page",
        metavar="TITLE",
        help="read the configuration from this JSON page on the wiki instead",
    )
    parser.add_argument("--group", help="the [[group]] to work on (default: every group)")
    parser.add_argument("--report", metavar="FILE", help="write a JSON report of the run")
    parser.add_argument("--verbose", action="store_true", help="more progress output")
    module.add_arguments(parser)
    return parser


def _wiki_failure(exc: BaseException) -> str | None:
    """One line for a failure of pywikibot or the network that reached the CLI; None for a bug."""
    module = type(exc).__module__ or ""
    if not module.startswith(("pywikibot", "requests", "urllib3")):
        return None
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"the wiki failed: {type(exc).__name__}: {text}; nothing more done (--verbose shows the traceback)"


def _password_from_environment(cfg) -> tuple[str, str, str] | None:
    """BotPassword from the environment (Toolforge envvars), kept in memory only.

    ``LDWG_BOT_BOTPASSWORD`` is ``appname:password`` (or just the password, app
    ``ldwg``) of ``LDWG_BOT_USER`` (default: ``site.user`` of the config).
    Returns ``(user, app, password)`` for :meth:`Wiki.login`; nothing is
    written to disk, and the value is masked in every log record.
    """
    from .runtime.secrecy import add_secret

    for other in ("LDWG_BOT_DISCOURSE_API_KEY",):  # masked in logs like the BotPassword
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


def _run_job(
    command: str,
    module,
    parser: argparse.ArgumentParser,
    args: argparse.Namespace,
    pwb_args: list[str],
    files: ExitStack,
) -> int:
    from .runtime.report import Report
    from .wiki.startup import prepare_pywikibot, wiki_factory

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
        local = prepare_pywikibot(pwb_args, cfg, readonly, files, getattr(args, "api", None), args.verbose)
    except Exception as exc:
        message = _wiki_failure(exc)
        if message is None or args.verbose:
            raise
        raise LdwgError(message) from None
    always = "-always" in local
    unknown = [a for a in local if a != "-always"]
    if unknown:
        parser.error(f"unknown option {unknown[0]} (pywikibot options take one dash, ldwg-bot's own two)")
    from .runtime.context import Context

    bot_password = _password_from_environment(cfg)
    ctx = Context(
        config=cfg,
        args=args,
        report=report,
        always=always,
        pwb_args=pwb_args,
        wiki_factory=wiki_factory(cfg, pwb_args, getattr(args, "api", None), always, bot_password),
    )
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
    parser = argparse.ArgumentParser(
        prog="ldwg-bot check-config", description="Validate a configuration file; touches no wiki."
    )
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
    rest = argv[: argv.index(command)] + argv[argv.index(command) + 1 :]
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
