"""Small helpers shared by tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ldwg_bot.devwiki import DevWiki
from ldwg_bot.text.markers import find_sections


def write_config(
    path: Path, wiki: DevWiki, *, store: Path | None = None, extra: str = "", group: str | None = None
) -> Path:
    """A config aimed at ``wiki`` (its own pywikibot folder), with the default LDWG group."""
    store = store or path.parent / "store.sqlite"
    default_group = (
        group
        if group is not None
        else (Path(__file__).resolve().parent.parent / "ldwg_bot" / "examples" / "ldwg-bot.toml")
        .read_text()
        .split("[[group]]", 1)[1]
    )
    path.write_text(f"""store = "{store}"
[site]
family = "{wiki.family}"
code = "{wiki.family}"
api = "{wiki.api_url}"
user = "LdwgBot"
pywikibot_dir = "{wiki.pywikibot_dir}"
put_throttle = 0
{extra}
[[group]]{default_group}""")
    return path


def run_cli(
    *args: str, env: dict | None = None, timeout: float = 300, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    """``python -m ldwg_bot ARGS`` in a fresh process (its own pywikibot configuration)."""
    full_env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "ldwg_bot", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def site_toml(store: Path, wiki: DevWiki, *, family: str = "", api: str = "") -> str:
    """The ``store`` line and ``[site]`` table of a config for in-process runs on ``wiki``
    (the session's pywikibot folder, registered by the conftest, holds the password), or on
    a proxy before it (its own ``family`` and ``api``)."""
    family = family or wiki.family
    return (
        f'store = "{store}"\n[site]\nfamily = "{family}"\ncode = "{family}"\n'
        f'api = "{api or wiki.api_url}"\nuser = "LdwgBot"\nput_throttle = 0\n'
        'summary_suffix = "(ldwg-bot test)"\n'
    )


LANGUAGES = '["es", "pt", "ar", "bn", "fr"]'


def updates_group_toml(*, root: str, sources: Path, page: str, box: str, extra: str = "", **more: str) -> str:
    """The ``ldwg`` group with its ``[group.updates]`` table; ``more`` adds keys to that table."""
    lines = [
        f'sources = "{sources}"',
        f'page = "{page}"',
        f'latest_box = "{box}"',
        *(f'{key} = "{value}"' for key, value in more.items()),
        extra,
    ]
    return (
        f'[[group]]\nname = "ldwg"\nroot = "{root}"\nlanguages = {LANGUAGES}\n'
        "[group.updates]\n" + "\n".join(lines) + "\n"
    )


def main_in_process(capsys, *argv: str) -> tuple[int, str, str]:
    """``ldwg-bot ARGV`` in this process (exit code, stdout, stderr); pywikibot's -simulate,
    which a run may turn on, is put back afterwards."""
    from pywikibot import config as pwb_config

    from ldwg_bot.cli import main

    old = pwb_config.simulate
    try:
        code = main(list(argv))
    finally:
        pwb_config.simulate = old
    out, err = capsys.readouterr()
    return code, out, err


def outside_text(text: str) -> str:
    """The page with every bot section's content removed: the human part.

    Tests compare it before and after a write to prove nothing outside the markers changed.
    """
    out, last = [], 0
    for span in sorted(find_sections(text).values(), key=lambda s: s.start):
        out.append(text[last : span.inner_start])
        last = span.inner_end
    out.append(text[last:])
    return "".join(out)
