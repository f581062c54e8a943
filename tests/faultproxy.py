"""A loopback HTTP proxy that injects faults MediaWiki cannot be made to produce.

It listens on 127.0.0.1 (a free port), forwards every request to one local
wiki and, while a rule matches, answers instead with a programmed fault:
an HTTP status (500, 503), a MediaWiki API error document (``maxlag``,
``badtoken``, ``ratelimited``) or a dropped connection. Rules fire a
bounded number of times, so every test ends by itself.
"""
from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable
from urllib.parse import parse_qs, urlsplit

import requests


@dataclass
class Rule:
    matches: Callable[[str, dict], bool]     # (method, params) -> bool
    times: int                               # how many requests it answers
    status: int = 200
    body: dict | None = None                 # API error document, JSON
    headers: dict = field(default_factory=dict)
    drop: bool = False                       # close the connection without answering
    hits: int = 0


def api_error(code: str, info: str, **extra) -> dict:
    return {"error": {"code": code, "info": info, **extra}, "servedby": "faultproxy"}


def is_edit(method: str, params: dict) -> bool:
    return method == "POST" and params.get("action") == "edit"


class FaultProxy:
    def __init__(self, target: str):
        self.target = target.rstrip("/")
        self.rules: list[Rule] = []
        self.requests: list[tuple[str, dict]] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                params = {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()}
                ctype = self.headers.get("Content-Type", "")
                if body and "x-www-form-urlencoded" in ctype:
                    params.update({k: v[-1] for k, v in parse_qs(body.decode()).items()})
                elif body and "multipart/form-data" in ctype:
                    params.update(_multipart_fields(body, ctype))
                proxy.requests.append((method, params))
                rule = next((r for r in proxy.rules if r.hits < r.times and r.matches(method, params)), None)
                if rule is not None:
                    rule.hits += 1
                    if rule.drop:
                        self.close_connection = True
                        self.connection.close()
                        return
                    payload = json.dumps(rule.body or {}).encode() if rule.body is not None else b"fault"
                    self.send_response(rule.status)
                    self.send_header("Content-Type", "application/json" if rule.body is not None else "text/plain")
                    for k, v in {"MediaWiki-API-Error": (rule.body or {}).get("error", {}).get("code", ""),
                                 **rule.headers}.items():
                        if v:
                            self.send_header(k, v)
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                upstream = requests.request(method, proxy.target + self.path, data=body or None,
                                            headers=headers, timeout=60, allow_redirects=False)
                self.send_response(upstream.status_code)
                for k, v in upstream.headers.items():
                    if k.lower() in ("transfer-encoding", "connection", "content-encoding", "content-length"):
                        continue
                    if k.lower() == "set-cookie":
                        for cookie in upstream.raw.headers.getlist("Set-Cookie"):
                            self.send_header("Set-Cookie", cookie)
                        continue
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    def add(self, matches, times=1, **kwargs) -> Rule:
        rule = Rule(matches=matches, times=times, **kwargs)
        self.rules.append(rule)
        return rule

    def __enter__(self) -> "FaultProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


def _multipart_fields(body: bytes, ctype: str) -> dict:
    from email.parser import BytesParser
    from email.policy import HTTP

    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
    fields = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if name:
            fields[name] = part.get_content() if part.get_content_maintype() == "text" else part.get_payload(decode=True)
    return fields
