"""A loopback Discourse that answers from recorded-format files (no network).

Rows come from ``../shared/fixtures/discourse/REQUESTS.tsv`` (see its README)
plus our own cases in ``tests/fixtures/discourse/REQUESTS.tsv`` (same format,
files beside it; ours win for the same key and state). A request is matched
by (method, path, sorted query pairs), the scenario's ``state`` rows first,
``base`` rows as fallback; unknown keys get 404. ``queue`` serves a sequence
for one key first (e.g. a 429 then the normal row). Every request is logged
with its headers and body, so tests count reads and check what was sent.

After a successful ``POST /posts.json`` the new post (the 200 file) is added
to later answers for its topic, as a real forum would show it.
"""

from __future__ import annotations

import copy
import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.shared import shared_path

OWN = Path(__file__).resolve().parent / "fixtures" / "discourse"
JSON = {"Content-Type": "application/json; charset=utf-8"}


@dataclass
class Row:
    method: str
    path: str
    status: int
    file: Path | None
    headers: dict
    state: str
    data: bytes | None = None  # a body given inline (a test's own answer) instead of a file

    def body(self) -> bytes:
        if self.data is not None:
            return self.data
        return self.file.read_bytes() if self.file else b""


@dataclass
class Seen:
    method: str
    path: str
    headers: dict
    body: bytes


def _key(method: str, target: str) -> tuple:
    parts = urlsplit(target)
    return method, parts.path, tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))


def load_rows(folder: Path) -> list[Row]:
    rows: list[Row] = []
    for line in (folder / "REQUESTS.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        method, target, status, name, headers, state, *_ = line.split("\t")
        rows.append(
            Row(
                method,
                target,
                int(status),
                None if name == "-" else folder / name,
                json.loads(headers),
                state,
            )
        )
    return rows


def _index(rows: list[Row]) -> dict[tuple, Row]:
    """(key, state) -> the first row listed; ``/t/{slug}/{id}.json`` also answers ``/t/{id}.json``
    (the README: the same body in every state)."""
    index: dict[tuple, Row] = {}
    for row in rows:
        index.setdefault((_key(row.method, row.path), row.state), row)
    for row in rows:
        m = re.fullmatch(r"/t/[^/]+/(\d+)\.json", row.path)
        if m and row.method == "GET":
            index.setdefault((_key("GET", f"/t/{m.group(1)}.json"), row.state), row)
    return index


@dataclass
class Replay:
    state: str = "base"
    all_rows: list = field(default_factory=list)
    queue: dict = field(default_factory=dict)  # key -> [Row, ...] served first
    log: list[Seen] = field(default_factory=list)
    posted: list[dict] = field(default_factory=list)
    url: str = ""

    def __post_init__(self) -> None:
        self.rows = _index(self.all_rows)

    def row(self, key: tuple) -> Row | None:
        if self.queue.get(key):
            return self.queue[key].pop(0)
        return self.rows.get((key, self.state)) or self.rows.get((key, "base"))

    def named(self, method: str, path: str, file: str) -> Row:
        """A listed row by its file name, e.g. to queue a 429 or a 422 in front of a request."""
        for row in self.all_rows:
            if row.method == method and row.path == path and row.file and row.file.name == file:
                return row
        raise KeyError((method, path, file))

    def push(self, method: str, target: str, *rows: Row) -> None:
        self.queue.setdefault(_key(method, target), []).extend(rows)

    def requests(self, method: str | None = None) -> list[Seen]:
        return [s for s in self.log if method is None or s.method == method]

    def answer(self, method: str, target: str, headers: dict, body: bytes) -> tuple[int, dict, bytes]:
        self.log.append(Seen(method, target, headers, body))
        key = _key(method, target)
        new_ids = {str(p["id"]) for p in self.posted}
        if method == "GET" and target.split("?")[0].endswith("/posts.json") and new_ids:
            # ids of posts made during the test are not in the files: serve the others, add them
            key = key[:2] + (tuple(kv for kv in key[2] if kv[1] not in new_ids),)
            if not any(kv[0] == "post_ids[]" for kv in key[2]):
                tid = int(target.split("/")[2])
                posts = [p for p in self.posted if p["topic_id"] == tid]
                return 200, JSON, json.dumps({"post_stream": {"posts": posts}, "id": tid}).encode()
        row = self.row(key)
        if row is None:
            return (
                404,
                JSON,
                b'{"errors":["The requested URL or resource could not be found."],"error_type":"not_found"}',
            )
        data = row.body()
        if row.status == 200 and method == "GET" and self.posted and row.file and row.file.suffix == ".json":
            data = self._with_posts(json.loads(data))
        if (
            row.status == 200
            and method == "POST"
            and target.startswith("/posts.json")
            and row.data is None
            and b'"enqueued"' not in data
        ):
            self.posted.append(json.loads(data))
        return row.status, row.headers, data

    def _with_posts(self, doc: dict) -> bytes:
        doc = copy.deepcopy(doc)
        stream = doc.get("post_stream") or {}
        for post in self.posted:
            if doc.get("id") != post["topic_id"]:
                continue
            if "stream" in stream:
                stream["stream"].append(post["id"])
                if len(stream["posts"]) < 20:
                    stream["posts"].append(post)
            else:
                stream["posts"].append(post)  # posts.json for the ids past the first chunk
        return json.dumps(doc).encode()


def start(state: str = "base") -> tuple[Replay, ThreadingHTTPServer]:
    """A started replay server on 127.0.0.1 (stop it with ``server.shutdown()``)."""
    rows = load_rows(OWN) + load_rows(shared_path("fixtures", "discourse"))
    replay = Replay(state=state, all_rows=rows)

    class Handler(BaseHTTPRequestHandler):
        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, data = replay.answer(self.command, self.path, dict(self.headers), body)
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _serve

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    replay.url = f"http://127.0.0.1:{server.server_address[1]}"
    return replay, server


@pytest.fixture
def replay():
    """A replay server for one test; its waits after a 429 are recorded, not slept."""
    server_replay, server = start()
    yield server_replay
    server.shutdown()
    server.server_close()


@pytest.fixture
def waits(monkeypatch) -> list[float]:
    """The bot's waits after a 429 (``ldwg_bot.forum.ratelimit.sleep``), recorded instead of slept.

    pydiscourse's own retry sleep fails the test: every 429 must reach our rule.
    """
    import types

    import pydiscourse.client

    from ldwg_bot.forum import ratelimit

    def pydiscourse_slept(seconds: float) -> None:
        raise AssertionError(f"pydiscourse's own 429 retry ran (sleep {seconds})")

    seen: list[float] = []
    monkeypatch.setattr(ratelimit, "sleep", seen.append)
    monkeypatch.setattr(pydiscourse.client, "time", types.SimpleNamespace(sleep=pydiscourse_slept))
    return seen
