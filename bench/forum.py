#!/usr/bin/env python3
"""Forum reads of collect-feedback: requests per topic of N posts (issue 14).

    python bench/forum.py [--posts 5,20,28,100,1000]

Serves topics of N posts on 127.0.0.1 in Discourse's topic format (posts
made from the example thread's, ``ldwg_bot/examples/forum/topic-1.json``),
counts every HTTP request it gets, and reads each topic with the bot's own
client (``ldwg_bot.discourse.Forum``, pydiscourse underneath) then turns it
into comment records, twice: a first run and a run where nothing changed.
Goal: ``ceil(N/20)`` requests per run (the first chunk of 20 comes with the
topic, the rest 20 ids a request). Writes ``bench/forum-results.md``; exit 1
when a count misses the goal.
"""
from __future__ import annotations

import argparse
import copy
import json
import math
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ldwg_bot.discourse import CHUNK, Forum  # noqa: E402
from ldwg_bot.feedback.forum import post_records  # noqa: E402

EXAMPLE = HERE.parent / "ldwg_bot" / "examples" / "forum" / "topic-1.json"


def make_topic(topic_id: int, n: int) -> tuple[dict, dict[int, dict]]:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    sample = [p for p in base["post_stream"]["posts"] if p["post_type"] == 1]
    posts = {}
    for i in range(n):
        post = copy.deepcopy(sample[i % len(sample)])
        post.update(id=topic_id * 100000 + i + 1, post_number=i + 1, topic_id=topic_id,
                    reply_to_post_number=i if i and i % 3 == 0 else None)
        posts[post["id"]] = post
    topic = copy.deepcopy(base)
    topic.update(id=topic_id, posts_count=n, highest_post_number=n)
    ids = list(posts)
    topic["post_stream"] = {"posts": [posts[i] for i in ids[:CHUNK]], "stream": ids}
    return topic, posts


def serve(topics: dict[int, tuple[dict, dict]], seen: list[str]) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:       # noqa: N802
            seen.append(self.path)
            parts = urlsplit(self.path)
            segs = parts.path.strip("/").split("/")
            tid = int(segs[1].split(".")[0])
            topic, posts = topics[tid]
            if segs[-1] == "posts.json":
                ids = [int(v) for k, v in parse_qsl(parts.query) if k == "post_ids[]"]
                body = {"post_stream": {"posts": [posts[i] for i in ids if i in posts]}, "id": tid}
            else:
                body = topic
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="bench/forum.py", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--posts", default="5,20,28,100,1000")
    ap.add_argument("--out", default=str(HERE / "forum-results.md"))
    args = ap.parse_args(argv)
    sizes = [int(x) for x in args.posts.split(",") if x.strip()]
    topics = {k + 1: make_topic(k + 1, n) for k, n in enumerate(sizes)}
    seen: list[str] = []
    server = serve(topics, seen)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    rows, ok = [], True
    for tid, n in zip(topics, sizes):
        counts, walls, records = [], [], 0
        for _run in ("first", "no change"):
            seen.clear()
            t0 = time.perf_counter()
            records = len(post_records(Forum(url).topic(tid), url, "en"))
            walls.append(time.perf_counter() - t0)
            counts.append(len(seen))
        goal = math.ceil(n / CHUNK)
        ok &= all(c == goal for c in counts) and records == n
        rows.append(f"| {n} | {records} | {counts[0]} | {counts[1]} | {goal} | {n} | "
                    f"{walls[1] * 1000:.0f} ms | {'PASS' if all(c == goal for c in counts) else 'FAIL'} |")
    server.shutdown()
    text = "\n".join([
        "# Forum reads (bench/forum.py)", "",
        f"Last run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; requests counted at a loopback "
        "server in Discourse's topic format; the bot's client (pydiscourse) over real HTTP.", "",
        "| posts in topic | records | requests, first run | requests, no change | goal ceil(N/20) | "
        "one request per post | wall, no change | result |",
        "|---|---|---|---|---|---|---|---|", *rows, ""])
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
