"""The scheduler passes pywikibot's global options (split off by the CLI) to every job; it has
no positional arguments of its own."""

import argparse
import sys
from types import SimpleNamespace

import pytest

from ldwg_bot.ops.scheduler import Scheduler, add_arguments


def test_job_command_carries_the_pywikibot_options_config_and_group():
    ctx = SimpleNamespace(args=SimpleNamespace(config="my.toml", group="ldwg"))
    cmd = Scheduler(ctx, ["-lang:en", "-simulate"]).command("collect-feedback")
    assert cmd == [
        sys.executable,
        "-m",
        "ldwg_bot",
        "collect-feedback",
        "-always",
        "-lang:en",
        "-simulate",
        "--config",
        "my.toml",
        "--group",
        "ldwg",
    ]


def test_a_stray_positional_is_refused():
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_arguments(parser)
    assert parser.parse_args(["--job-timeout", "2"]).job_timeout == 2
    with pytest.raises(SystemExit):
        parser.parse_args(["stray"])
