"""The promises a bot on a shared wiki must keep when runs meet: locks, a shared
store under a slow wiki, SIGTERM, -simulate and the confirmation prompt."""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ldwg_bot.ops.lock import job_lock
from tests.faultproxy import FaultProxy
from tests.helpers import run_cli, write_config

pytestmark = pytest.mark.integration

TALK = "Talk:Leadership Development Working Group/Content"


@pytest.fixture(scope="module")
def safewiki(devwiki_factory):
    return devwiki_factory(name="safety")


def _env() -> dict:
    return {k: v for k, v in os.environ.items() if k != "PYWIKIBOT_DIR"}


def _popen(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ldwg_bot", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
        stdin=subprocess.DEVNULL,
    )


def _anonymous_config(tmp_path, wiki, api: str, store) -> str:
    """A config reading ``wiki`` through ``api`` without an account (no pywikibot folder)."""
    cfg = write_config(tmp_path / "anon.toml", wiki, store=store)
    family = "slow" + api.rsplit(":", 1)[1].split("/")[0]
    pwb = tmp_path / "pwb-anon"  # pywikibot settings only: short retries, no account
    pwb.mkdir(exist_ok=True)
    (pwb / "user-config.py").write_text("max_retries = 2\nretry_wait = 1\nretry_max = 2\n")
    cfg.write_text(
        cfg.read_text()
        .replace(wiki.api_url, api)
        .replace(f'"{wiki.family}"', f'"{family}"')
        .replace(f'pywikibot_dir = "{wiki.pywikibot_dir}"', f'pywikibot_dir = "{pwb}"')
    )
    return str(cfg)


def test_a_slow_feedback_run_does_not_hold_the_store(safewiki, tmp_path):
    """collect-feedback waiting on a slow wiki must not block other jobs' writes to the store."""
    store = tmp_path / "store.sqlite"
    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, store=store)
    first = run_cli("collect-feedback", "-always", "--config", str(cfg))
    assert first.returncode == 0, first.stdout + first.stderr
    safewiki.client("Farida").edit(TALK, section="1", appendtext="\n:A slow thought. ~~~~")
    delay = 12.0
    with FaultProxy(safewiki.url) as proxy:
        proxy.add(
            lambda m, p: "revisions" in p.get("prop", "") and "content" in p.get("rvprop", ""),
            times=2,
            delay=delay,
        )
        slow = _popen(
            "collect-feedback",
            "-always",
            "--no-summary",
            "--config",
            _anonymous_config(tmp_path, safewiki, proxy.api_url, store),
        )
        deadline = time.monotonic() + 60
        while not any("content" in p.get("rvprop", "") for _m, _u, p in proxy.requests):
            assert slow.poll() is None and time.monotonic() < deadline, slow.communicate()
            time.sleep(0.2)
        started = time.monotonic()
        others = [
            _popen("translation-status", "-always", "--config", str(cfg)),
            _popen("publish-update", "-always", "--config", str(cfg)),
        ]
        outs = [p.communicate(timeout=120) for p in others]
        took = time.monotonic() - started
        still_slow = slow.poll() is None
        out, err = slow.communicate(timeout=120)
    for proc, (o, e) in zip(others, outs, strict=True):
        assert proc.returncode == 0, o + e
        assert "database is locked" not in e
    assert still_slow and took < delay, f"the other jobs waited {took:.1f}s for the slow run"
    assert slow.returncode == 0, out + err
    assert "new: 1" in out


def _hand_group(root: str) -> str:
    return f'''
name = "hand"
root = "{root}"
languages = ["es"]

[group.updates]
sources = "{{examples}}/updates"
page = "{root}/Updates"
latest_box = "Template:{root} box"
'''


def _run_on_a_terminal(args: list[str], answer: str, timeout: float = 120) -> tuple[int, str, int]:
    """Run ldwg-bot with a pseudo-terminal as stdin/stdout/stderr, answering every
    confirmation with ``answer``; returns (exit code, everything shown, prompts seen)."""
    import pty
    import select

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "ldwg_bot", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=_env(),
        close_fds=True,
    )
    os.close(slave)
    shown, prompts, deadline = b"", 0, time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                shown += chunk
                if shown.count(b"accept these changes?") > prompts:
                    prompts += 1
                    os.write(master, answer.encode() + b"\n")
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return code, shown.decode(errors="replace"), prompts


def test_a_hand_run_asks_and_no_writes_nothing(safewiki, tmp_path):
    root = "Hand run"
    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, group=_hand_group(root))
    code, shown, prompts = _run_on_a_terminal(["publish-update", "--no-mark", "--config", str(cfg)], "n")
    assert prompts >= 2, shown  # the update page, then the box: each asked
    assert "@@" in shown or "+== " in shown  # the diff was shown before asking
    assert code == 0, shown
    client = safewiki.client()
    assert client.page_text(f"{root}/Updates") is None
    assert client.page_text(f"Template:{root} box") is None
    code, shown, prompts = _run_on_a_terminal(["publish-update", "--no-mark", "--config", str(cfg)], "a")
    assert code == 0 and prompts == 1, shown  # 'all': asked once, then every page saved
    assert "ldwg-bot:" in (client.page_text(f"{root}/Updates") or "")
    assert client.page_text(f"Template:{root} box")


def test_put_throttle_from_the_config_spaces_the_edits(safewiki):
    """pywikibot builds the site before the config is read: the throttle must still follow it."""
    from ldwg_bot.wiki import Wiki

    Wiki.connect(safewiki.family, safewiki.family, api_url=safewiki.api_url, user="LdwgBot", put_throttle=0)
    bot = Wiki.connect(
        safewiki.family, safewiki.family, api_url=safewiki.api_url, user="LdwgBot", put_throttle=2.5
    )
    bot.save_section("Throttle/one", "box", "one", "test")
    started = time.monotonic()
    bot.save_section("Throttle/two", "box", "two", "test")
    assert time.monotonic() - started >= 2.0


def test_run_all_beside_a_held_lock_leaves_that_job_alone(safewiki, tmp_path):
    """A scheduled collect-feedback holds its lock: run-all must not run it beside it."""
    store = tmp_path / "store.sqlite"
    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, store=store)
    with job_lock(tmp_path / "locks", "collect-feedback"):
        result = run_cli("run-all", "-always", "--config", str(cfg))
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "collect-feedback: collect-feedback is already running (pid" in out
    assert "translation-status" in result.stdout  # the other jobs still ran
    with __import__("sqlite3").connect(store) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "feedback_comments" not in tables  # the locked job touched nothing


def _env_password_config(tmp_path, wiki, api: str, family: str, group: str | None = None):
    """A config for ``api`` whose BotPassword comes only from the environment (Toolforge's way)."""
    pwb = tmp_path / "pwb"
    pwb.mkdir(exist_ok=True)
    (pwb / "user-config.py").write_text(
        "put_throttle = 0\nmax_retries = 2\nretry_wait = 1\nretry_max = 2\nsocket_timeout = (6.05, 30)\n"
    )
    cfg = write_config(tmp_path / "envpw.toml", wiki, group=group)
    cfg.write_text(
        cfg.read_text()
        .replace(wiki.api_url, api)
        .replace(f'"{wiki.family}"', f'"{family}"')
        .replace(f'pywikibot_dir = "{wiki.pywikibot_dir}"', f'pywikibot_dir = "{pwb}"')
    )
    tmp = tmp_path / "tmp"
    tmp.mkdir(exist_ok=True)
    env = {
        "LDWG_BOT_BOTPASSWORD": f"ldwg:{wiki.passwords['LdwgBot@ldwg']}",
        "LDWG_BOT_USER": "LdwgBot",
        "TMPDIR": str(tmp),
    }
    return str(cfg), env, tmp, pwb


def test_sigterm_mid_run_finishes_the_edit_then_stops_cleanly(safewiki, tmp_path):
    root = "Sigterm run"
    with FaultProxy(safewiki.url) as proxy:
        cfg, env, tmp, _pwb = _env_password_config(
            tmp_path, safewiki, proxy.api_url, f"term{proxy.port}", _hand_group(root)
        )
        proxy.add(lambda m, p: m == "POST" and p.get("action") == "edit", times=1, delay=4)
        proc = subprocess.Popen(
            [sys.executable, "-m", "ldwg_bot", "publish-update", "-always", "--no-mark", "--config", cfg],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**_env(), **env},
            stdin=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 90
        while not any(m == "POST" and p.get("action") == "edit" for m, _u, p in proxy.requests):
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.1)
        proc.send_signal(15)  # while the first edit is on its way
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, out + err
    assert "stopped by SIGTERM" in err and "Traceback" not in err
    client = safewiki.client()
    assert "ldwg-bot:" in (client.page_text(f"{root}/Updates") or "")  # the edit in flight finished
    assert client.page_text(f"Template:{root} box") is None  # nothing after it
    assert list(tmp.iterdir()) == []  # no password file left
    with job_lock(tmp_path / "locks", "publish-update"):  # the lock is free
        pass


def test_no_secret_reaches_any_file_even_with_debug(safewiki, tmp_path):
    """-debug logs every request body: the BotPassword and tokens must be masked, the logs
    private, and the BotPassword never written to a file (not even a temporary one)."""
    secret = safewiki.passwords["LdwgBot@ldwg"]
    group = (
        '\nname = "dbg"\nlanguages = ["es"]\n[group.translations]\n'
        'pages = ["Leadership Development Working Group"]\ntable_page = "Debug run/Status"\n'
    )
    cfg, env, tmp, pwb = _env_password_config(tmp_path, safewiki, safewiki.api_url, safewiki.family, group)
    result = run_cli("translation-status", "-always", "-debug", "--verbose", "--config", cfg, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "changed: Debug run/Status" in result.stdout  # it did log in and edit
    logs = list((pwb / "logs").iterdir())
    assert logs and any("lgpassword=***" in f.read_text() for f in logs)
    for f in [p for p in tmp_path.rglob("*") if p.is_file()]:
        assert secret not in f.read_text(errors="replace"), f"the BotPassword is in {f}"
    assert secret not in result.stdout + result.stderr
    for f in logs:
        assert f.stat().st_mode & 0o077 == 0, f"{f} is readable by others"
    assert list(tmp.iterdir()) == []


def _snapshot(*folders: Path) -> dict[str, tuple]:
    """Every path under ``folders`` (and the folders) -> (kind, size of a file, mtime)."""
    found = {}
    for folder in folders:
        for p in [folder, *folder.rglob("*")] if folder.exists() else []:
            st = p.lstat()
            kind = stat.S_IFMT(st.st_mode)
            found[str(p)] = (kind, None if kind == stat.S_IFDIR else st.st_size, st.st_mtime_ns)
    return found


def _assert_untouched(before: dict, after: dict) -> None:
    created = sorted(set(after) - set(before))
    removed = sorted(set(before) - set(after))
    changed = sorted(p for p in set(before) & set(after) if before[p] != after[p])
    assert not (created or removed or changed), f"created: {created}\nchanged: {changed}\nremoved: {removed}"


def test_a_whole_simulate_run_leaves_no_file_behind(safewiki, tmp_path):
    """run-all -simulate: every job computes its diff; no store, lock, digest or other file."""
    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, store=tmp_path / "data" / "store.sqlite")
    cfg.write_text(cfg.read_text().replace('digest = ""', 'digest = "digest.md"'))
    folders = (tmp_path, Path(os.environ["LDWG_BOT_HOME"]), safewiki.pywikibot_dir)
    before = _snapshot(*folders)
    result = run_cli("run-all", "-simulate", "--config", str(cfg))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "would change" in result.stdout  # the jobs did their work
    assert "## Leadership Development Working Group: update for" in result.stdout  # the digest
    _assert_untouched(before, _snapshot(*folders))
    # and with a store from an earlier real run: it is read, never touched
    real = run_cli("collect-feedback", "-always", "--config", str(cfg))
    assert real.returncode == 0, real.stdout + real.stderr
    before = _snapshot(*folders)
    result = run_cli("run-all", "-simulate", "--config", str(cfg))
    assert result.returncode == 0, result.stdout + result.stderr
    _assert_untouched(before, _snapshot(*folders))


@pytest.fixture(scope="module")
def simulated(safewiki, tmp_path_factory):
    """A config whose store, pywikibot folder (cookies, throttle.ctrl, logs, apicache) and
    files come from real runs, a working folder, a home, and a temporary folder outside them."""
    root = tmp_path_factory.mktemp("simulate-files")
    cfg = write_config(root / "ldwg-bot.toml", safewiki, store=root / "data" / "store.sqlite")
    for job in ("collect-feedback", "translation-status"):
        real = run_cli(job, "-always", "-log", "--config", str(cfg), "--report", str(root / "real.json"))
        assert real.returncode == 0, real.stdout + real.stderr
    for name in ("work", "home"):
        (root / name).mkdir()
    return cfg, root, tmp_path_factory.mktemp("simulate-tmp")


#: (job and options; files it is asked for, relative to the working folder), all under -simulate
SIMULATE_CASES = {
    "feedback-json-and-report": (
        ["collect-feedback", "--export", "out/comments.json", "--report", "out/report.json", "-log"],
        ["out/comments.json", "out/report.json"],
    ),
    "feedback-csv-read-only-api": (
        [
            "collect-feedback",
            "--api",
            "{api}",
            "--page",
            TALK,
            "--export",
            "comments.csv",
            "--report",
            "report.json",
        ],
        ["comments.csv", "report.json"],
    ),
    "status-export-and-table": (
        [
            "translation-status",
            "--export",
            "out/status.csv",
            "--update-table",
            "--report",
            "r.json",
            "-debug",
        ],
        ["out/status.csv", "r.json"],
    ),
    "status-read-only-api": (
        [
            "translation-status",
            "--api",
            "{api}",
            "--page",
            "Leadership Development Working Group",
            "--export",
            "status.json",
        ],
        ["status.json"],
    ),
    "publish-digest-and-report": (
        ["publish-update", "--digest", "digest/d.md", "--report", "r.json"],
        ["digest/d.md", "r.json"],
    ),
    "run-all-report": (["run-all", "--report", "reports/run-all.json"], ["reports/run-all.json"]),
}


@pytest.mark.parametrize("case", sorted(SIMULATE_CASES))
def test_simulate_with_every_file_option_writes_no_file_anywhere(simulated, safewiki, case):
    """-simulate with the file options: no export, report or digest file, no folder for them,
    nothing in the store, the pywikibot folder (throttle.ctrl, logs, apicache, cookies), the
    working folder, the home or the data folder; one line says what each file would have been."""
    cfg, root, tmpdir = simulated
    args, files = SIMULATE_CASES[case]
    args = [a.replace("{api}", safewiki.api_url) for a in args]
    if "--api" not in args:
        args += ["--config", str(cfg)]
    folders = (root, Path(os.environ["LDWG_BOT_HOME"]), safewiki.pywikibot_dir)
    before = _snapshot(*folders)
    result = run_cli(
        *args, "-simulate", cwd=root / "work", env={"HOME": str(root / "home"), "TMPDIR": str(tmpdir)}
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    _assert_untouched(before, _snapshot(*folders))
    assert list(tmpdir.iterdir()) == []  # pywikibot's scratch folder is gone
    for name in files:
        assert re.search(
            rf"-simulate: .* not written to {re.escape(name)} \(would be [1-9]\d* bytes\)", out
        ), out


def test_simulate_still_writes_to_standard_output(simulated, tmp_path):
    cfg, root, _ = simulated
    result = run_cli(
        "translation-status",
        "-simulate",
        "--config",
        str(cfg),
        "--export",
        "-",
        "--report",
        str(tmp_path / "r.json"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)[0]["page"]  # the rows, on stdout as asked
    assert f"-simulate: report not written to {tmp_path / 'r.json'}" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_config_page_only_from_the_bots_own_user_space_and_never_local_paths(safewiki, tmp_path):
    import json

    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, store=tmp_path / "store.sqlite")
    evil = {
        "store": str(tmp_path / "evil.sqlite"),
        "group": [{"name": "x", "languages": ["es"], "updates": {"digest": str(tmp_path / "evil.md")}}],
    }
    admin = safewiki.client("Admin")
    admin.edit("User:Mallory/config.json", text=json.dumps({"group": [{"name": "x"}]}))
    admin.edit("User:LdwgBot/evil.json", text=json.dumps(evil))
    result = run_cli("translation-status", "--config", str(cfg), "--config-page", "User:Mallory/config.json")
    assert result.returncode == 1 and "expected a JSON page in the bot's user space" in result.stderr
    result = run_cli("translation-status", "--config", str(cfg), "--config-page", "User:LdwgBot/evil.json")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "wiki:User:LdwgBot/evil.json: store: may only be set in the local configuration" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "evil.sqlite").exists() and not (tmp_path / "evil.md").exists()


def _unreachable_config(tmp_path, wiki, api: str) -> str:
    cfg = write_config(tmp_path / "down.toml", wiki, extra="connect_retries = 1")
    cfg.write_text(
        cfg.read_text()
        .replace(wiki.api_url, api)
        .replace(f'"{wiki.family}"', '"downwiki"')
        .replace(f'pywikibot_dir = "{wiki.pywikibot_dir}"\n', "")
    )
    return str(cfg)


def test_a_closed_port_is_one_line_and_exit_1(safewiki, tmp_path):
    from ldwg_bot.devwiki import free_port

    api = f"http://127.0.0.1:{free_port()}/api.php"
    started = time.monotonic()
    result = run_cli(
        "translation-status", "-always", "--config", _unreachable_config(tmp_path, safewiki, api), timeout=120
    )
    took = time.monotonic() - started
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        f"ldwg-bot: error: {api}: the wiki cannot be reached: nothing answered (connection refused) "
        "(asked 2 time(s), 10 s timeout each); nothing done, check site.api or try again later"
    ]
    assert took < 30


def test_a_server_that_is_not_mediawiki_is_named(safewiki, tmp_path):
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Html(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<html><title>Welcome to nginx</title></html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Html)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        api = f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
        result = run_cli(
            "collect-feedback",
            "-always",
            "--config",
            _unreachable_config(tmp_path, safewiki, api),
            timeout=120,
        )
    finally:
        server.shutdown()
    assert result.returncode == 1
    assert (
        f"{api}: the wiki cannot be reached: HTTP 200 with a text/html page, not a MediaWiki API"
        in result.stderr
    )
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_wiki_gone_mid_run_gives_no_traceback_without_verbose(safewiki, tmp_path):
    with FaultProxy(safewiki.url) as proxy:
        proxy.add(
            lambda m, p: "revisions" in p.get("prop", "") and "content" in p.get("rvprop", ""),
            times=30,
            drop=True,
        )
        cfg = _anonymous_config(tmp_path, safewiki, proxy.api_url, tmp_path / "store.sqlite")
        result = run_cli("collect-feedback", "-always", "--no-summary", "--config", cfg, timeout=120)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "did not answer" in result.stderr
    assert "Traceback" not in result.stderr, result.stderr


def test_a_prefix_listing_more_than_max_pages_stops_before_anything(safewiki, tmp_path):
    cfg = write_config(tmp_path / "ldwg-bot.toml", safewiki, store=tmp_path / "store.sqlite")
    cfg.write_text(
        cfg.read_text().replace(
            'summary_page = "Leadership Development Working Group/Feedback summary"',
            'summary_page = "Max pages/Summary"\nmax_pages = 1',
        )
    )
    result = run_cli("collect-feedback", "-always", "--config", str(cfg))
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "ldwg-bot: error: prefix 'Talk:Leadership Development Working Group/Content/' lists more "
        "than 1 pages; narrow it, or raise feedback.max_pages"
    ) in result.stderr
    assert safewiki.client().page_text("Max pages/Summary") is None


def test_simulate_set_in_user_config_writes_nothing_like_the_option(simulated, safewiki, tmp_path):
    """``simulate = True`` in pywikibot's user-config.py, no -simulate on the command line:
    the same promise -- the diff is shown, the wiki, the store and every folder stay as they were."""
    cfg, root, tmpdir = simulated
    pwb = tmp_path / "pywikibot"
    shutil.copytree(safewiki.pywikibot_dir, pwb)
    user_config = pwb / "user-config.py"
    user_config.write_text(user_config.read_text() + "\nsimulate = True\n")
    own = tmp_path / "ldwg-bot.toml"
    own.write_text(
        cfg.read_text().replace(f'pywikibot_dir = "{safewiki.pywikibot_dir}"', f'pywikibot_dir = "{pwb}"')
    )
    revisions = safewiki.client().get(action="query", list="recentchanges", rclimit=1)["query"][
        "recentchanges"
    ]
    folders = (root, Path(os.environ["LDWG_BOT_HOME"]), pwb)
    before = _snapshot(*folders)
    result = run_cli(
        "run-all",
        "-always",
        "--config",
        str(own),
        "--report",
        str(root / "would.json"),
        cwd=root / "work",
        env={"HOME": str(root / "home"), "TMPDIR": str(tmpdir)},
    )
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "-simulate: report not written to" in out
    _assert_untouched(before, _snapshot(*folders))
    assert list(tmpdir.iterdir()) == []
    after = safewiki.client().get(action="query", list="recentchanges", rclimit=1)["query"]["recentchanges"]
    assert after == revisions  # nothing written on the wiki
