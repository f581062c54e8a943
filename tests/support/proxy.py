"""A loopback HTTP proxy in front of a local wiki: records requests, injects faults.

It listens on 127.0.0.1 (a free port) and forwards every request to one wiki.
Tests also let it answer with recorded Translate responses (``tests/replay.py``)
or change a forwarded JSON answer (``rewrite``).
The benchmarks point a job's ``site.api`` at it to count the *real* HTTP
requests the job sends; the fault tests add :class:`Rule` s so that, while a
rule matches, the proxy answers instead with an HTTP status (500, 503), a
MediaWiki API error document (``maxlag``, ``badtoken``), a dropped
connection or a slow answer (``delay``, then the wiki's own) -- faults
MediaWiki cannot be made to produce on demand. Rules fire a bounded number of times, so every use ends by
itself. Secrets in the recorded parameters (passwords, tokens) are masked.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests

SECRET_PARAMS = ("lgpassword", "password", "retype", "token", "lgtoken", "logintoken", "createtoken")


@dataclass
class Rule:
    matches: Callable[[str, dict], bool]  # (method, params) -> bool
    times: int  # how many requests it answers
    status: int = 200
    body: dict | None = None  # API error document, JSON
    headers: dict = field(default_factory=dict)
    drop: bool = False  # close the connection without answering
    delay: float = 0.0  # wait this long, then forward (a slow wiki)
    error_header: bool = True  # send MediaWiki-API-Error for an error body
    rewrite: Callable[[dict], dict] | None = None  # forward, then change the JSON answer
    hits: int = 0


def api_error(code: str, info: str, **extra) -> dict:
    return {"error": {"code": code, "info": info, **extra}, "servedby": "ldwg-bot-proxy"}


def is_edit(method: str, params: dict) -> bool:
    return method == "POST" and params.get("action") == "edit"


def _multipart_fields(body: bytes, ctype: str) -> dict:
    from email.parser import BytesParser
    from email.policy import HTTP

    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    fields = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name and part.get_content_maintype() == "text":
            fields[name] = part.get_content()
    return fields


class LoopbackProxy:
    """``with LoopbackProxy(wiki.url) as proxy: ...``; ``proxy.requests`` holds
    ``(method, path, params)``; :meth:`mark` / :meth:`since` slice it per run."""

    def __init__(self, target: str):
        self.target = target.rstrip("/")
        self.rules: list[Rule] = []
        self.requests: list[tuple[str, str, dict]] = []
        self._lock = threading.Lock()
        proxy = self
        upstream_session = threading.local()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                split = urlsplit(self.path)
                params = {k: v[-1] for k, v in parse_qs(split.query).items()}
                ctype = self.headers.get("Content-Type", "")
                if body and "x-www-form-urlencoded" in ctype:
                    params.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
                elif body and "multipart/form-data" in ctype:
                    params.update(_multipart_fields(body, ctype))
                recorded = {
                    k: ("***" if k in SECRET_PARAMS else v if len(v) <= 200 or k != "text" else v[:200] + "…")
                    for k, v in params.items()
                    if isinstance(v, str)
                }
                with proxy._lock:
                    proxy.requests.append((method, split.path, recorded))
                    rule = next(
                        (r for r in proxy.rules if r.hits < r.times and r.matches(method, params)), None
                    )
                    if rule is not None:
                        rule.hits += 1
                if rule is not None and rule.delay:
                    time.sleep(rule.delay)
                    rule = None if (rule.body is None and not rule.drop and rule.status == 200) else rule
                if rule is not None and rule.rewrite is None:
                    self._fault(rule)
                    return
                session = getattr(upstream_session, "s", None)
                if session is None:
                    session = upstream_session.s = requests.Session()
                headers = {
                    k: v
                    for k, v in self.headers.items()
                    if k.lower() not in ("host", "content-length", "connection")
                }
                upstream = session.request(
                    method,
                    proxy.target + self.path,
                    data=body or None,
                    headers=headers,
                    timeout=120,
                    allow_redirects=False,
                )
                content = upstream.content
                if rule is not None and rule.rewrite is not None:
                    content = json.dumps(rule.rewrite(upstream.json())).encode()
                self.send_response(upstream.status_code)
                for k, v in upstream.headers.items():
                    if k.lower() in (
                        "transfer-encoding",
                        "connection",
                        "content-encoding",
                        "content-length",
                        "set-cookie",
                    ):
                        continue
                    self.send_header(k, v)
                for cookie in upstream.raw.headers.getlist("Set-Cookie"):
                    self.send_header("Set-Cookie", cookie)
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            def _fault(self, rule: Rule) -> None:
                if rule.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                payload = json.dumps(rule.body).encode() if rule.body is not None else b"fault"
                self.send_response(rule.status)
                self.send_header(
                    "Content-Type", "application/json" if rule.body is not None else "text/plain"
                )
                code = (rule.body or {}).get("error", {}).get("code", "")
                for k, v in {
                    "MediaWiki-API-Error": code if rule.error_header else "",
                    **rule.headers,
                }.items():
                    if v:
                        self.send_header(k, v)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    def add(self, matches: Callable[[str, dict], bool], times: int = 1, **kwargs) -> Rule:
        rule = Rule(matches=matches, times=times, **kwargs)
        with self._lock:
            self.rules.append(rule)
        return rule

    def mark(self) -> int:
        with self._lock:
            return len(self.requests)

    def since(self, mark: int) -> list[tuple[str, str, dict]]:
        with self._lock:
            return list(self.requests[mark:])

    def __enter__(self) -> LoopbackProxy:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
