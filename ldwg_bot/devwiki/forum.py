"""A tiny stand-in for a Discourse forum on 127.0.0.1, for the demo.

No Discourse can run here, so ``./dev demo`` starts this server in its own
process's thread: it answers ``GET /t/{id}.json`` (with or without the slug)
from ``examples/forum/topic-{id}.json``, a short example thread written for
ldwg-bot in Discourse's topic format, and 404 for anything else (the demo
posts nothing). collect-feedback reads it like the real forum.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..config import EXAMPLES_DIR

FOLDER = EXAMPLES_DIR / "forum"
_TOPIC = re.compile(r"^/t/(?:[^/]+/)?(\d+)\.json$")


def _answer(path: str, folder: Path) -> tuple[int, bytes]:
    m = _TOPIC.match(path.split("?", 1)[0])
    file = folder / f"topic-{m.group(1)}.json" if m else None
    if file is None or not file.is_file():
        return (
            404,
            b'{"errors":["The requested URL or resource could not be found."],"error_type":"not_found"}',
        )
    return 200, file.read_bytes()


def json_handler(answer: Callable[[str], tuple[int, bytes]]) -> type[BaseHTTPRequestHandler]:
    """An http.server handler class whose GETs reply ``answer(path)`` = (status, JSON bytes).

    One place for the reply's headers, shared by this example forum and the
    forum benchmark (``bench/forum.py``); request lines are not logged."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            status, body = answer(self.path)
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    return Handler


class ExampleForum:
    """``with ExampleForum(port) as forum: forum.url``: a started server, stopped on exit.

    The demo gives a fixed port: the store keys forum posts by the forum's
    address, so a new port would look like another forum."""

    def __init__(self, port: int = 0, folder: Path = FOLDER) -> None:
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", port), json_handler(lambda path: _answer(path, folder))
        )
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> ExampleForum:
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
