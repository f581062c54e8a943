"""run-all contains any failure of one job: one line naming it, the others still run, exit 1.

The real failure: a forum on 127.0.0.1 whose topic answer (our recorded topic 1404) has a post
that is JSON ``null`` (once a traceback that stopped run-all before translation-status). The unexpected one: a
job made to raise a plain exception in a child process, so the line and --verbose's traceback are seen."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_config

pytestmark = pytest.mark.integration


TOPIC = Path(__file__).resolve().parents[1] / "fixtures" / "discourse" / "topic-staff-view.json"


def topic_with_a_null_post() -> bytes:
    topic = json.loads(TOPIC.read_text(encoding="utf-8"))
    topic["post_stream"]["posts"][3] = None
    return json.dumps(topic).encode()


class NullForum(BaseHTTPRequestHandler):
    body = topic_with_a_null_post()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def null_forum():
    server = ThreadingHTTPServer(("127.0.0.1", 0), NullForum)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("ldwg-bot: error:")]


def test_a_forum_answering_null_stops_only_collect_feedback(devwiki, tmp_path, null_forum):
    cfg = write_config(tmp_path / "ldwg-bot.toml", devwiki)
    cfg.write_text(
        cfg.read_text() + f'\n[group.forum]\nurl = "{null_forum}"\ntopics = [1404]\nlanguage = "en"\n'
    )
    result = run_cli("run-all", "-always", "--skip", "publish-update", "--config", str(cfg))
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = errors(result.stderr)
    assert len(lines) == 1 and lines[0].startswith("ldwg-bot: error: collect-feedback: "), result.stderr
    assert "translation-status: " in result.stdout  # the next job ran and reported


HOOK = (
    "import sys, ldwg_bot.feedback.job as job\n"
    "def boom(ctx): raise KeyError('deliberate failure of a test')\n"
    "job.run = boom\n"
    "from ldwg_bot.cli import main\n"
    "sys.exit(main(sys.argv[1:]))\n"
)


def run_hooked(*args: str) -> subprocess.CompletedProcess:
    """``ldwg-bot ARGS`` in a fresh process whose collect-feedback raises (see HOOK)."""
    env = {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}
    return subprocess.run(
        [sys.executable, "-c", HOOK, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        stdin=subprocess.DEVNULL,
    )


def test_an_unexpected_exception_is_one_line_and_verbose_shows_the_traceback(devwiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", devwiki)
    args = ["run-all", "-always", "--skip", "publish-update", "--config", str(cfg)]
    result = run_hooked(*args)
    assert result.returncode == 1
    assert errors(result.stderr) == [
        "ldwg-bot: error: collect-feedback: failed unexpectedly: KeyError: 'deliberate failure of a test'; "
        "this job stopped, the others ran (--verbose shows the traceback)"
    ]
    assert "Traceback" not in result.stderr and "translation-status: " in result.stdout
    verbose = run_hooked(*args, "--verbose")
    assert verbose.returncode == 1 and "Traceback (most recent call last)" in verbose.stderr
    assert "in boom" in verbose.stderr and "translation-status: " in verbose.stdout
