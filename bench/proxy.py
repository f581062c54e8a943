"""A loopback HTTP proxy that forwards everything to one wiki and records each request.

Used by the benchmarks to count the *real* HTTP requests a job sends: the
job's config points ``site.api`` at the proxy (a pywikibot family of its
own), so every request the job's process makes to the wiki passes here.
Listens on 127.0.0.1 only, on a free port.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests


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


class CountingProxy:
    """``with CountingProxy(wiki.url) as proxy: ...``; ``proxy.requests`` is a list of
    ``(method, path, params)``; :meth:`mark` / :meth:`since` slice it per run."""

    def __init__(self, target: str):
        self.target = target.rstrip("/")
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
                # page texts are cut short (an edit's text is not needed to count it)
                params = {k: (v if len(v) <= 200 or k != "text" else v[:200] + "…")
                          for k, v in params.items() if isinstance(v, str)}
                for secret in ("lgpassword", "password", "token", "lgtoken", "logintoken"):
                    if secret in params:
                        params[secret] = "***"
                with proxy._lock:
                    proxy.requests.append((method, split.path, params))
                session = getattr(upstream_session, "s", None)
                if session is None:
                    session = upstream_session.s = requests.Session()
                headers = {k: v for k, v in self.headers.items()
                           if k.lower() not in ("host", "content-length", "connection")}
                upstream = session.request(method, proxy.target + self.path, data=body or None,
                                           headers=headers, timeout=120, allow_redirects=False)
                self.send_response(upstream.status_code)
                for k, v in upstream.headers.items():
                    if k.lower() in ("transfer-encoding", "connection", "content-encoding",
                                     "content-length", "set-cookie"):
                        continue
                    self.send_header(k, v)
                for cookie in upstream.raw.headers.getlist("Set-Cookie"):
                    self.send_header("Set-Cookie", cookie)
                self.send_header("Content-Length", str(len(upstream.content)))
                self.end_headers()
                self.wfile.write(upstream.content)

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

    def mark(self) -> int:
        with self._lock:
            return len(self.requests)

    def since(self, mark: int) -> list[tuple[str, str, dict]]:
        with self._lock:
            return list(self.requests[mark:])

    def __enter__(self) -> "CountingProxy":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
