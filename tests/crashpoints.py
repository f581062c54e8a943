"""The crash-point harness: stop a job's real process at its k-th write, run it again, compare.

A job runs as ``python -m ldwg_bot JOB -always`` against a devwiki behind the
loopback proxy (tests/faultproxy.py). Its write points, counted in an
uninterrupted run first:

``wiki``
    a write POST (``action=edit``, ``markfortranslation``, ``massmessage``):
    the proxy lets it reach the wiki, then signals the process before the
    answer goes back (SIGKILL: the bot never learns it was saved; SIGTERM:
    the bot gets the answer, then stops);
``forum``
    a ``POST /posts.json`` that reached the Discourse replay (tests/discourse_replay.py);
``commit``
    a store commit (the ``LDWG_BOT_CRASH_AFTER`` test hook of ldwg_bot.runtime.store).

Between points the wiki's database files and the store are put back as they were,
so every run starts from the same state as the uninterrupted one.

The devwiki has no MassMessage. With ``massmessage=True`` the proxy answers
for it in MassMessage's own shapes: siteinfo lists the extension, paraminfo
the ``massmessage`` module, userinfo the ``massmessage`` right;
``action=massmessage`` is answered ``{"massmessage": {"result": "success",
"count": N}}`` (ApiMassMessage::execute) and logged as MassMessage::logToWiki
does (includes/MassMessage.php: log type ``massmessage``, action ``send``,
target the delivery list, comment the subject, params ``revid`` and
``pageMessage``), which ``list=logevents&letype=massmessage`` then returns.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from tests.faultproxy import FaultProxy

WRITE_ACTIONS = ("edit", "markfortranslation", "massmessage")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d)?Z?|\d\d:\d\d, \d{1,2} \w+ \d{4}")
#: Fields of a one-time action's record that say how it was found, not what was done.
HOW_FOUND = ("count", "logid")


def snapshot(wiki) -> dict[str, bytes]:
    """The wiki's database files as they are now (an idle wiki: no request in flight)."""
    data = Path(wiki.dir) / "data"
    return {p.name: p.read_bytes() for p in data.iterdir() if p.is_file()}


@dataclass(frozen=True)
class Stop:
    kind: str  # wiki | forum | commit
    k: int  # the k-th write point of that kind, from 1
    sig: int = signal.SIGKILL
    instead: object = None  # called at the point instead of a signal (a full disk...)

    def __str__(self) -> str:
        how = getattr(self.instead, "__name__", "") or signal.Signals(self.sig).name
        return f"{self.kind}:{self.k}:{how}"


@dataclass
class Run:
    code: int
    out: str
    err: str
    edited: list[str]  # titles whose edit reached the wiki in this run
    sent: int  # massmessage sends that reached the "wiki"
    posted: int  # forum posts that reached the replay


@dataclass
class State:
    pages: dict[str, str | None]
    revisions: dict[str, int]
    store: dict[str, list]


@dataclass
class Harness:
    wiki: object  # a started DevWiki
    folder: Path
    proxy: FaultProxy  # started, in front of the wiki
    config: Path  # aimed at the proxy, with its store
    store: Path
    env: dict  # the bot's password (and the forum key) for the process
    snapshot: dict  # the wiki's database files to start from (:func:`snapshot`)
    forum: object = None  # a discourse_replay.Replay, or None
    massmessage: bool = False
    _pid: int = 0
    _stop: Stop | None = None
    _writes: int = 0
    _posts: int = 0
    _log: list = field(default_factory=list)
    _edited: list = field(default_factory=list)
    _sent: int = 0

    def __post_init__(self) -> None:
        self.proxy.add(self._edit_write, times=10**9, rewrite=self._signal_then)
        if self.massmessage:
            self._add_massmessage()
        if self.forum is not None:
            answer = self.forum.answer

            def counted(method, target, headers, body):
                result = answer(method, target, headers, body)
                if method == "POST" and target.startswith("/posts.json") and result[0] == 200:
                    self._posts += 1
                    if self._stop is not None and self._stop.kind == "forum" and self._stop.k == self._posts:
                        self._signal()
                return result

            self.forum.answer = counted

    # ------------------------------------------------------------ write points
    def _signal(self) -> None:
        if self._stop.instead is not None:
            self._stop.instead()
        elif self._pid:
            os.kill(self._pid, self._stop.sig)

    def _edit_write(self, method: str, params: dict) -> bool:
        if method != "POST" or params.get("action") not in ("edit", "markfortranslation"):
            return False
        self._writes += 1
        if params.get("action") == "edit":
            self._edited.append(params.get("title", ""))
        return self._stop is not None and self._stop.kind == "wiki" and self._stop.k == self._writes

    def _signal_then(self, answer: dict) -> dict:
        self._signal()
        return answer

    def _add_massmessage(self) -> None:
        def siteinfo(answer: dict) -> dict:
            exts = answer.get("query", {}).get("extensions")
            if isinstance(exts, list) and not any(e.get("name") == "MassMessage" for e in exts):
                exts.append(
                    {
                        "type": "specialpage",
                        "name": "MassMessage",
                        "descriptionmsg": "massmessage-desc",
                        "author": "",
                        "url": "",
                        "license-name": "GPL-2.0-or-later",
                    }
                )
            return answer

        def paraminfo(answer: dict) -> dict:
            answer.setdefault("paraminfo", {}).setdefault("modules", []).append(
                {
                    "name": "massmessage",
                    "classname": "MediaWiki\\MassMessage\\Api\\ApiMassMessage",
                    "path": "massmessage",
                    "group": "action",
                    "prefix": "",
                    "mustbepost": True,
                    "writerights": True,
                    "parameters": [],
                }
            )
            answer.pop("warnings", None)
            return answer

        def userinfo(answer: dict) -> dict:
            rights = answer.get("query", {}).get("userinfo", {}).get("rights")
            if isinstance(rights, list) and "massmessage" not in rights:
                rights.append("massmessage")
            return answer

        def sending(method: str, params: dict) -> bool:
            if method != "POST" or params.get("action") != "massmessage":
                return False
            self._writes += 1
            self._sent += 1
            self._log.append(
                {
                    "logid": len(self._log) + 1,
                    "ns": 0,
                    "title": params.get("spamlist"),
                    "pageid": 0,
                    "logpage": 0,
                    "params": {"revid": 0, "pageMessage": ""},
                    "type": "massmessage",
                    "action": "send",
                    "user": "LdwgBot",
                    "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                    "comment": params.get("subject"),
                }
            )
            if self._stop is not None and self._stop.kind == "wiki" and self._stop.k == self._writes:
                self._signal()
            return True

        many = 10**9
        self.proxy.add(lambda m, p: "extensions" in p.get("siprop", ""), times=many, rewrite=siteinfo)
        self.proxy.add(
            lambda m, p: p.get("action") == "paraminfo" and "massmessage" in p.get("modules", ""),
            times=many,
            rewrite=paraminfo,
        )
        self.proxy.add(
            lambda m, p: "userinfo" in p.get("meta", "") and "rights" in p.get("uiprop", ""),
            times=many,
            rewrite=userinfo,
        )
        self.proxy.add(
            sending, times=many, body={"massmessage": {"result": "success", "count": 2}}, error_header=False
        )
        self.proxy.add(
            lambda m, p: p.get("list") == "logevents" and p.get("letype") == "massmessage",
            times=many,
            body={"batchcomplete": True, "query": {"logevents": self._log}},
            error_header=False,
        )

    # ------------------------------------------------------------------ runs
    def reset(self) -> None:
        """The wiki, the store, the forum and MassMessage's log as before the first run."""
        data = Path(self.wiki.dir) / "data"
        for extra in [p for p in data.iterdir() if p.is_file() and p.name not in self.snapshot]:
            extra.unlink()
        for name, content in self.snapshot.items():
            (data / name).write_bytes(content)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.store}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(self.store.parent / "locks", ignore_errors=True)
        self._log.clear()
        if self.forum is not None:
            self.forum.posted.clear()
            self.forum.log.clear()

    def run(self, args: list[str], stop: Stop | None = None, count: Path | None = None) -> Run:
        self._stop, self._edited, self._sent, posts_before = stop, [], 0, self._posts
        self._writes = 0
        env = {k: v for k, v in os.environ.items() if k not in ("PYWIKIBOT_DIR", "LDWG_BOT_CRASH_AFTER")}
        env.update(self.env)
        if stop is not None and stop.kind == "commit":
            env["LDWG_BOT_CRASH_AFTER"] = f"commit:{stop.k}" + (":TERM" if stop.sig == signal.SIGTERM else "")
        if count is not None:
            env["LDWG_BOT_CRASH_AFTER"] = f"count:{count}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "ldwg_bot", *args, "-always", "--config", str(self.config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            stdin=subprocess.DEVNULL,
        )
        self._pid = proc.pid
        try:
            out, err = proc.communicate(timeout=180)
        finally:
            self._pid, self._stop = 0, None
        return Run(proc.returncode, out, err, list(self._edited), self._sent, self._posts - posts_before)

    def count(self, args: list[str]) -> tuple[Run, dict[str, int]]:
        """An uninterrupted run and its write points by kind."""
        counter = self.folder / "commits.txt"
        counter.unlink(missing_ok=True)
        run = self.run(args, count=counter)
        writes = self._writes
        commits = len(counter.read_text().splitlines()) if counter.exists() else 0
        return run, {"wiki": writes, "forum": run.posted, "commit": commits}

    # ----------------------------------------------------------------- state
    def state(self, titles: list[str]) -> State:
        client = self.wiki.client()
        pages = {t: _normal(client.page_text(t)) for t in titles}
        revisions = {t: len(client.revisions(t)) for t in titles}
        return State(pages, revisions, store_dump(self.store, client.page_text))


def _normal(text: str | None) -> str | None:
    return None if text is None else TIMESTAMP.sub("<time>", text)


def _plain(data):
    """JSON data with the runs' timestamps set aside, at any depth."""
    if isinstance(data, dict):
        return {k: _plain(v) for k, v in sorted(data.items()) if k not in HOW_FOUND}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return TIMESTAMP.sub("<time>", data) if isinstance(data, str) else data


def _value(value):
    if isinstance(value, str) and value.startswith("{"):
        try:
            return json.dumps(_plain(json.loads(value)))
        except ValueError:
            pass
    return _plain(value)


def _section_record(key: str, value: str, page_text) -> str:
    """A section record (``JOB:section:FAMILY:CODE:TITLE:NAME``): its hash of the text is
    compared with the section on the wiki now (the text holds the run's time)."""
    from ldwg_bot.runtime.humanedits import digest
    from ldwg_bot.text.markers import get_section

    parts = key.split(":")
    title, name = ":".join(parts[4:-1]), parts[-1]
    data = json.loads(value)
    section = get_section(page_text(title) or "", name)
    data["text"] = (
        "the wiki's"
        if section is not None and digest(section) == data.get("text")
        else f"not the wiki's: {data.get('text')}"
    )
    return json.dumps(data, sort_keys=True)


def store_dump(path: Path, page_text=None) -> dict[str, list]:
    """Every table's rows, sorted, timestamps of the runs normalised.

    translation-status records every run it made (a stopped run did run): of its
    history only the latest run's numbers and the last edited run's are compared.
    A section record's hash is of a text with the run's time in it: it is compared
    with the section on the wiki instead. A comment's ``status`` says what the latest run found (``new`` in
    the first run, ``unchanged`` in the next): only whether it is live or removed is compared.
    """
    if not path.exists():
        return {}
    db = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        dump = {}
        for table in tables:
            if table == "translation_runs":
                rows = db.execute("SELECT scope, max(edited) FROM translation_runs GROUP BY scope").fetchall()
            elif table == "translation_numbers":
                numbers = (
                    "SELECT '{which}', r.scope, n.page, n.language, n.state, n.percent, n.outdated, "
                    "n.translated, n.total FROM translation_numbers n JOIN translation_runs r "
                    "ON r.id = n.run_id WHERE r.id IN (SELECT max(id) FROM translation_runs "
                    "{where} GROUP BY scope)"
                )
                rows = (
                    db.execute(numbers.format(which="latest run", where="")).fetchall()
                    + db.execute(numbers.format(which="last edit", where="WHERE edited")).fetchall()
                )
            elif table == "feedback_comments":
                cursor = db.execute(f"SELECT * FROM {table}")
                at = [d[0] for d in cursor.description].index("status")
                rows = [
                    row[:at] + ("removed" if row[at] == "removed" else "live",) + row[at + 1 :]
                    for row in cursor.fetchall()
                ]
            elif table == "meta" and page_text is not None:
                rows = [
                    (k, _section_record(k, v, page_text) if ":section:" in k else v)
                    for k, v in db.execute("SELECT key, value FROM meta")
                ]
            else:
                rows = db.execute(f"SELECT * FROM {table}").fetchall()
            dump[table] = sorted((tuple(_value(v) for v in row) for row in rows), key=repr)
        dump["user_version"] = db.execute("PRAGMA user_version").fetchone()[0]
        return dump
    finally:
        db.close()


def sample(total: int, keep: int) -> list[int]:
    """``keep`` points of 1..total spread evenly, the first and the last among them (one: the middle)."""
    if total <= keep:
        return list(range(1, total + 1))
    if keep == 1:
        return [(total + 1) // 2]
    step = (total - 1) / (keep - 1)
    return sorted({1 + round(i * step) for i in range(keep)})


def store_diff(got: dict, want: dict) -> str:
    """The rows one store dump has and the other lacks, table by table (for a failure message)."""
    lines = []
    for table in sorted(set(got) | set(want)):
        a, b = got.get(table), want.get(table)
        if a == b:
            continue
        if not isinstance(a, list) or not isinstance(b, list):
            lines.append(f"{table}: {a!r} != {b!r}")
            continue
        plus, minus = [r for r in a if r not in b], [r for r in b if r not in a]
        for row in plus:
            twin = next((m for m in minus if m[0] == row[0] and isinstance(m[-1], str)), None)
            if twin is not None and str(row[-1]).startswith("{") and str(twin[-1]).startswith("{"):
                x, y = json.loads(row[-1]), json.loads(twin[-1])
                keys = sorted(k for k in set(x) | set(y) if x.get(k) != y.get(k))
                lines.append(
                    f"{table}: {row[0]}: differs in {keys}: "
                    f"{ {k: x.get(k) for k in keys} } != { {k: y.get(k) for k in keys} }"[:2000]
                )
                minus.remove(twin)
            else:
                lines.append(f"{table}: + {row!r}"[:2000])
        lines += [f"{table}: - {row!r}"[:2000] for row in minus]
    return "\n".join(lines)
