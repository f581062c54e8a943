"""The command line: help, exit codes, one-line errors."""

import json
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import run_cli


def test_help_and_usage_exit_codes():
    assert run_cli("--help").returncode == 0
    result = run_cli("frobnicate")
    assert result.returncode == 2 and "unknown command 'frobnicate'" in result.stderr
    assert run_cli().returncode == 2


@pytest.mark.parametrize(
    "job", ["publish-update", "collect-feedback", "translation-status", "run-all", "schedule", "devwiki"]
)
def test_every_command_has_help(job):
    result = run_cli(job, "--help")
    assert result.returncode == 0, result.stderr
    assert "usage:" in result.stdout


def test_check_config_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[site]\nfamily = "meta"\nmaxlag = "soon"\n[[group]]\n')
    result = run_cli("check-config", str(bad))
    assert result.returncode == 1
    assert result.stderr.strip() == f"ldwg-bot: error: {bad}: site.maxlag: expected an integer, got 'soon'"
    assert run_cli("check-config").returncode == 0


def test_job_with_malformed_config_writes_nothing(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[group]]\nlanguages = ["xx_YY"]\n')
    result = run_cli("translation-status", "--config", str(bad))
    assert result.returncode == 1
    assert "group[0].languages[0]: expected a language code" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_pywikibot_option_is_a_usage_error(tmp_path):
    result = run_cli("check-config", "--nope")
    assert result.returncode == 2


def test_devwiki_names_the_missing_package(tmp_path):
    env = {"PATH": "/nonexistent", "LDWG_BOT_HOME": str(tmp_path)}
    result = run_cli("devwiki", "start", "--dir", str(tmp_path / "w"), env=env)
    assert result.returncode == 1
    assert "apt-get install" in result.stderr and "php" in result.stderr


def test_devwiki_status_of_a_missing_wiki(tmp_path):
    result = run_cli("devwiki", "status", "--dir", str(tmp_path / "none"))
    assert result.returncode == 3 and "not installed" in result.stdout


def test_scripts_are_thin_entry_points():
    import subprocess

    from tests.shared import ROOT

    for script in ("publish_update", "collect_feedback", "translation_status"):
        result = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / f"{script}.py"), "--help"],
            capture_output=True,
            text=True,
            env={**os.environ},
        )
        assert result.returncode == 0 and "usage: ldwg-bot" in result.stdout, result.stderr


def test_the_suite_runs_on_the_mediawiki_it_was_asked_for(devwiki):
    """``./dev test --mediawiki 1.43`` really serves 1.43, and ``status`` says which one."""
    from ldwg_bot.devwiki.mediawiki import default_spec

    general = devwiki.client().get(action="query", meta="siteinfo")["query"]["general"]
    assert general["generator"] == f"MediaWiki {devwiki.core.version}"
    if default_spec().startswith("1."):
        assert devwiki.core.branch == default_spec()
    result = run_cli("devwiki", "status", "--dir", str(devwiki.dir))
    assert result.returncode == 0 and f"MediaWiki {devwiki.core.version}," in result.stdout


@contextmanager
def _answering(status: int, body: bytes = b"", asked: list | None = None) -> Iterator[str]:
    """A loopback HTTP server answering every request with ``status`` and a JSON ``body``
    (the paths asked go to ``asked``); yields its api.php URL."""

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self):
            if asked is not None:
                asked.append(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/api.php"
    finally:
        server.shutdown()


def _status_config(tmp_path, family: str, api: str, extra: str = "") -> Path:
    """A translation-status config (one page to read) for ``family`` at ``api``."""
    cfg = tmp_path / f"{family}.toml"
    cfg.write_text(
        f'store = "{tmp_path / "s.sqlite"}"\n[site]\nfamily = "{family}"\ncode = "{family}"\n'
        f'api = "{api}"\nconnect_retries = 0\n{extra}[[group]]\nname = "g"\n'
        'languages = ["es"]\n[group.translations]\npages = ["A"]\ntable_page = "T"\n'
    )
    return cfg


def _status_run(tmp_path, cfg: Path):
    return run_cli(
        "translation-status", "--config", str(cfg), cwd=tmp_path, env={"HOME": str(tmp_path)}, timeout=120
    )


def test_outside_text_in_an_error_line_cannot_drive_the_terminal(tmp_path):
    """Issue 23: a server that answers with escape sequences, a bidi override and a newline in
    its error code (quoted in the start-up error line) gets one plain line on the terminal."""
    code = "\x1b[2J\x1b]0;owned\x07\x1b]8;;https://evil.example\x1b\\bad\u202etxt.exe\x9b31m\r\nldwg-bot: ok"
    with _answering(200, json.dumps({"error": {"code": code, "info": "no"}}).encode()) as api:
        result = _status_run(tmp_path, _status_config(tmp_path, "hostile", api))
    assert result.returncode == 1
    shown = result.stdout + result.stderr
    assert not any(ch in shown for ch in "\x1b\x07\x9b\r\u202e"), repr(shown)
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "bad<U+202E>txt.exe" in result.stderr and "Traceback" not in result.stderr


def test_site_api_is_the_wiki_the_run_talks_to(devwiki, tmp_path):
    """Issue 23: a user-config.py that registers the config's family at another URL would have
    sent the whole run there; now the run stops before any request, with one line naming both."""
    asked: list = []
    pwb = tmp_path / "pwb"
    pwb.mkdir()
    with _answering(500, asked=asked) as other:
        (pwb / "user-config.py").write_text(f"family_files['twin'] = {other!r}\nmax_retries = 0\n")
        cfg = _status_config(tmp_path, "twin", devwiki.api_url, extra=f'pywikibot_dir = "{pwb}"\n')
        result = _status_run(tmp_path, cfg)
    assert result.returncode == 1 and asked == [], (result.stderr, asked)
    assert result.stderr.strip() == (
        f"ldwg-bot: error: {cfg}: site.api is {devwiki.api_url}, but pywikibot's family 'twin' "
        f"is {other} (registered in user-config.py or a family file); make them agree, or give "
        "this wiki a family name of its own"
    ), result.stderr
