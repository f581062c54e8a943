"""The benchmark's wikis and job runs: devwikis on free ports, counting proxies, child processes.

Every wiki is a :class:`ldwg_bot.devwiki.DevWiki` in the benchmark's temporary
folder (127.0.0.1, a free port), with a :class:`CountingProxy` in front of it.
Jobs run as ``python -m ldwg_bot JOB --config FILE -always`` in a child
process whose config points ``site.api`` at the proxy (a pywikibot family of
its own, with its own pywikibot folder), so the proxy sees every HTTP request
the job sends, and ``os.wait4`` gives the child's peak RSS.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from proxy import CountingProxy

from ldwg_bot.devwiki import DevWiki, free_port
from ldwg_bot.devwiki.manager import ADMIN_USER, BOT_APPID, BOT_USER

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_GROUP = (ROOT / "ldwg_bot" / "examples" / "ldwg-bot.toml").read_text().split("[[group]]", 1)[1]

# what pywikibot asks by itself (session start-up, API module info), not the job
_SESSION_META = {"userinfo", "siteinfo"}
_PAGE_KEYS = ("titles", "pageids", "revids", "list", "prop", "generator")
_WRITE_ACTIONS = {
    "login",
    "clientlogin",
    "logout",
    "massmessage",
    "markfortranslation",
    "purge",
    "delete",
    "move",
    "upload",
    "createaccount",
    "options",
    "watch",
}


def classify(method: str, path: str, params: dict) -> str:
    """``edit`` | ``write`` (login, tokens, other write actions, forms) | ``session`` | ``read``.

    ``session``: requests pywikibot makes on its own -- ``action=paraminfo`` and
    ``meta=userinfo``/``siteinfo`` queries that ask about no page (the job's own
    siteinfo read, with ``uselang=content`` and ``allmessages``, is a ``read``).
    """
    action = params.get("action", "")
    if action == "edit":
        return "edit"
    if action in _WRITE_ACTIONS or not path.endswith("api.php"):
        return "write"
    meta = {m for m in params.get("meta", "").split("|") if m}
    if action == "query" and "tokens" in meta:
        return "write"
    if action == "paraminfo":
        return "session"
    if (
        action == "query"
        and meta
        and meta <= _SESSION_META
        and params.get("uselang") != "content"
        and not any(k in params for k in _PAGE_KEYS)
    ):
        return "session"
    return "read"


def describe(method: str, path: str, params: dict) -> str:
    """One short line: what a request asked for (titles abbreviated)."""
    if not path.endswith("api.php"):
        return f"{method} {path} {params.get('title', '')}".strip()
    parts = [f"action={params.get('action', '?')}"]
    for key in ("meta", "prop", "list", "generator", "modules"):
        if params.get(key):
            parts.append(f"{key}={params[key]}")
    if params.get("titles"):
        titles = params["titles"].split("|")
        first = titles[0] if len(titles[0]) <= 48 else titles[0][:47] + "…"
        parts.append(f"titles={first}" + (f" (+{len(titles) - 1})" if len(titles) > 1 else ""))
    if params.get("title"):
        parts.append(f"title={params['title']}")
    if params.get("curtimestamp"):
        parts.append("curtimestamp")
    return " ".join(parts)


@dataclass
class Run:
    label: str
    argv: list[str]
    returncode: int
    wall: float
    maxrss_kb: int
    requests: list = field(default_factory=list)
    report: dict = field(default_factory=dict)
    output: str = ""

    def count(self, kind: str) -> int:
        return sum(1 for r in self.requests if classify(*r) == kind)

    @property
    def total(self) -> int:
        return len(self.requests)

    @property
    def edits(self) -> int:
        return self.count("edit")

    @property
    def session(self) -> int:
        return self.count("session")

    @property
    def job_reads(self) -> int:
        return self.count("read")

    @property
    def reads(self) -> int:
        """Every request that writes nothing (pywikibot's own and the job's)."""
        return self.session + self.job_reads

    @property
    def writes(self) -> int:
        return self.count("write")

    @property
    def rss_mb(self) -> float:
        return self.maxrss_kb / 1024

    def counts(self) -> dict:
        return (self.report or {}).get("counts", {})

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "argv": self.argv,
            "returncode": self.returncode,
            "wall_s": round(self.wall, 3),
            "peak_rss_mb": round(self.rss_mb, 1),
            "requests": {
                "total": self.total,
                "pywikibot_session": self.session,
                "job_reads": self.job_reads,
                "edits": self.edits,
                "other_writes": self.writes,
            },
            "request_log": [f"{m} {describe(m, p, q)} [{classify(m, p, q)}]" for m, p, q in self.requests],
            "report_counts": self.counts(),
        }


class BenchWiki:
    """One devwiki + its counting proxy + a pywikibot folder for the proxy's family."""

    def __init__(
        self, root: Path, name: str, *, lang: str = "en", translate: bool = False, extensions: str = ""
    ):
        self.root = root
        self.name = name
        port = free_port()
        self.wiki = DevWiki.load(
            root / name,
            port=port,
            lang=lang,
            translate=translate,
            extensions=extensions,
            family=f"bench{port}",
        )
        self.proxy: CountingProxy | None = None
        self.family = ""
        self.pwb = root / f"{name}-pywikibot"
        self.home = root / "home"
        self.setup_seconds = 0.0
        self.current: subprocess.Popen | None = None

    # ------------------------------------------------------------ life cycle
    def start(self, seed: bool) -> None:
        t0 = time.perf_counter()
        self.wiki.start(seed=seed)
        self.setup_seconds = time.perf_counter() - t0
        self.proxy = CountingProxy(self.wiki.url).__enter__()
        self.family = f"benchp{self.proxy.port}"
        self.pwb.mkdir(parents=True, exist_ok=True)
        (self.pwb / "user-config.py").write_text(
            "# written by bench/run.py: the bot reaches the wiki through the counting proxy\n"
            f"family_files['{self.family}'] = '{self.proxy.api_url}'\n"
            f"family = '{self.family}'\nmylang = '{self.family}'\n"
            f"usernames['{self.family}']['{self.family}'] = '{BOT_USER}'\n"
            "password_file = 'user-password.py'\nput_throttle = 0\nmax_retries = 2\nretry_wait = 1\n"
            "retry_max = 2\nsocket_timeout = (6.05, 120)\n"
        )
        pw = self.pwb / "user-password.py"
        pw.write_text(
            f"('{self.family}', '{self.family}', '{BOT_USER}', "
            f"BotPassword('{BOT_APPID}', '{self.wiki.passwords[f'{BOT_USER}@{BOT_APPID}']}'))\n"
        )
        pw.chmod(0o600)
        self.home.mkdir(exist_ok=True)

    def stop(self) -> None:
        if self.current is not None and self.current.poll() is None:
            try:  # the wrapper and the job it started: their own process group
                os.killpg(self.current.pid, signal.SIGKILL)
                self.current.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        if self.proxy is not None:
            self.proxy.__exit__(None, None, None)
            self.proxy = None
        self.wiki.stop()

    def mediawiki_version(self) -> str:
        general = self.wiki.client().get(action="query", meta="siteinfo")["query"]["general"]
        return general.get("generator", "?")

    # ---------------------------------------------------------------- config
    def config(self, name: str, group: str, *, store: str = "store.sqlite") -> Path:
        """A config aimed at the proxy; ``group`` is the text after ``[[group]]``."""
        path = self.root / f"{self.name}-{name}.toml"
        path.write_text(
            f"""store = "{self.root / f"{self.name}-{store}"}"
[site]
family = "{self.family}"
code = "{self.family}"
api = "{self.proxy.api_url}"
user = "{BOT_USER}"
pywikibot_dir = "{self.pwb}"
put_throttle = 0
summary_suffix = "(ldwg-bot bench)"

[[group]]{group}""",
            encoding="utf-8",
        )
        return path

    # ------------------------------------------------------------------ runs
    def run(self, label: str, job: str, config: Path, *extra: str) -> Run:
        """``python -m ldwg_bot JOB --config CONFIG -always EXTRA`` as a child; counted."""
        report = self.root / f"report-{abs(hash((label, time.time())))}.json"
        argv = [job, "--config", str(config), "-always", "--report", str(report), *extra]
        env = {k: v for k, v in os.environ.items() if k not in ("PYWIKIBOT_DIR", "LDWG_BOT_CONFIG")}
        env["LDWG_BOT_HOME"] = str(self.home)
        out_file = self.root / "child-output.txt"
        mark = self.proxy.mark()
        with out_file.open("w+") as out:
            m = measure(
                [sys.executable, "-m", "ldwg_bot", *argv], stdout=out, env=env, cwd=self.root, holder=self
            )
            out.seek(0)
            output = out.read()
        time.sleep(0.05)  # the proxy thread records a request before it answers; nothing is pending
        data = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
        shown = [
            job,
            *(
                a if not a.startswith("/") else Path(a).name
                for a in argv[1:]
                if a not in ("--report", str(report))
            ),
        ]
        return Run(
            label, shown, m["returncode"], m["wall_s"], m["maxrss_kb"], self.proxy.since(mark), data, output
        )


def measure(cmd: list[str], *, holder=None, **popen) -> dict:
    """Run ``cmd`` under ``measure.py``: its peak RSS (KB), wall time and exit code.

    The wrapper gets a process group of its own (``holder.current`` keeps it,
    so a failing benchmark can end it and the job with one ``killpg``).
    """
    fd, result = tempfile.mkstemp(prefix="measure-", suffix=".json")
    os.close(fd)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-I", "-S", str(HERE / "measure.py"), result, *cmd],
            stdin=subprocess.DEVNULL,
            stderr=subprocess.STDOUT if "stdout" in popen else None,
            start_new_session=True,
            **popen,
        )
        if holder is not None:
            holder.current = proc
        proc.wait()
        with open(result) as fh:
            text = fh.read()
        if not text:
            raise RuntimeError(f"measure.py wrote nothing for {cmd[:4]} (exit {proc.returncode})")
        return json.loads(text)
    finally:
        os.unlink(result)


# ------------------------------------------------------------------ seeding


def xml_page(title: str, text: str, timestamp: str, user: str = ADMIN_USER) -> str:
    return (
        f"<page><title>{escape(title)}</title><revision><timestamp>{timestamp}</timestamp>"
        f"<contributor><username>{escape(user)}</username></contributor><comment>bench seed</comment>"
        f"<model>wikitext</model><format>text/x-wiki</format>"
        f'<text xml:space="preserve">{escape(text)}</text></revision></page>\n'
    )


def import_pages(wiki: DevWiki, pages: list[tuple[str, str, str]], name: str = "bench-dump") -> float:
    """Load ``(title, text, timestamp)`` pages with maintenance/importDump.php; seconds taken."""
    dump = wiki.dir / f"{name}.xml"
    dump.write_text(
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" '
        'xml:lang="en">\n' + "".join(xml_page(*p) for p in pages) + "</mediawiki>\n",
        encoding="utf-8",
    )
    t0 = time.perf_counter()
    wiki.maintenance("importDump", "--no-updates", str(dump))
    return time.perf_counter() - t0
