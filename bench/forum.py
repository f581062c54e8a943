#!/usr/bin/env python3
"""Forum reads of collect-feedback: requests per topic of N posts (issue 14).

    python bench/forum.py [--posts 5,20,28,100,1000]

Serves topics of N posts on 127.0.0.1 in Discourse's topic format (posts
made from the example thread's, ``ldwg_bot/examples/forum/topic-1.json``),
counts every HTTP request it gets, and reads each topic with the bot's own
client (``ldwg_bot.forum.discourse.Forum``, pydiscourse underneath) then turns it
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
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ldwg_bot.devwiki.forum import json_handler  # noqa: E402
from ldwg_bot.feedback.forum import post_records  # noqa: E402
from ldwg_bot.forum.discourse import CHUNK, Forum  # noqa: E402

EXAMPLE = HERE.parent / "ldwg_bot" / "examples" / "forum" / "topic-1.json"
SIZES = (5, 20, 28, 100, 1000)


def make_topic(topic_id: int, n: int) -> tuple[dict, dict[int, dict]]:
    base = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    sample = [p for p in base["post_stream"]["posts"] if p["post_type"] == 1]
    posts = {}
    for i in range(n):
        post = copy.deepcopy(sample[i % len(sample)])
        post.update(
            id=topic_id * 100000 + i + 1,
            post_number=i + 1,
            topic_id=topic_id,
            reply_to_post_number=i if i and i % 3 == 0 else None,
        )
        posts[post["id"]] = post
    topic = copy.deepcopy(base)
    topic.update(id=topic_id, posts_count=n, highest_post_number=n)
    ids = list(posts)
    topic["post_stream"] = {"posts": [posts[i] for i in ids[:CHUNK]], "stream": ids}
    return topic, posts


def answer(topics: dict[int, tuple[dict, dict]], path: str) -> tuple[int, bytes]:
    """Discourse's reply to ``GET /t/{id}.json`` or ``/t/{id}/posts.json?post_ids[]=...``."""
    parts = urlsplit(path)
    segs = parts.path.strip("/").split("/")
    tid = int(segs[1].split(".")[0])
    topic, posts = topics[tid]
    if segs[-1] == "posts.json":
        ids = [int(v) for k, v in parse_qsl(parts.query) if k == "post_ids[]"]
        body = {"post_stream": {"posts": [posts[i] for i in ids if i in posts]}, "id": tid}
    else:
        body = topic
    return 200, json.dumps(body).encode()


def serve(topics: dict[int, tuple[dict, dict]], seen: list[str]) -> ThreadingHTTPServer:
    """A started server on 127.0.0.1 that answers for ``topics`` and appends each path to ``seen``."""

    def counted(path: str) -> tuple[int, bytes]:
        seen.append(path)
        return answer(topics, path)

    server = ThreadingHTTPServer(("127.0.0.1", 0), json_handler(counted))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def measure(sizes: list[int]) -> list[dict]:
    """Each topic of N posts read twice (first run, no change) through a counting loopback server."""
    topics = {k + 1: make_topic(k + 1, n) for k, n in enumerate(sizes)}
    seen: list[str] = []
    server = serve(topics, seen)
    url = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    try:
        for tid, n in zip(topics, sizes, strict=True):
            counts, walls, records = [], [], 0
            for _run in ("first", "no change"):
                seen.clear()
                t0 = time.perf_counter()
                records = len(post_records(Forum(url).read_topic(tid), url, "en"))
                walls.append(time.perf_counter() - t0)
                counts.append(len(seen))
            goal = math.ceil(n / CHUNK)
            rows.append(
                {
                    "posts": n,
                    "records": records,
                    "first": counts[0],
                    "no_change": counts[1],
                    "goal": goal,
                    "naive": n,
                    "wall_no_change_s": walls[1],
                    "pass": all(c == goal for c in counts) and records == n,
                }
            )
    finally:
        server.shutdown()
        server.server_close()
    return rows


def markdown(rows: list[dict], when: str) -> str:
    """``bench/forum-results.md``; ``when``: a sentence saying when and where it was measured."""
    return "\n".join(
        [
            "# Forum reads (bench/forum.py)",
            "",
            f"{when}; requests counted at a loopback "
            "server in Discourse's topic format; the bot's client (pydiscourse) over real HTTP.",
            "",
            "| posts in topic | records | requests, first run | requests, no change | goal ceil(N/20) | "
            "one request per post | wall, no change | result |",
            "|---|---|---|---|---|---|---|---|",
            *(
                f"| {r['posts']} | {r['records']} | {r['first']} | {r['no_change']} | {r['goal']} | "
                f"{r['naive']} | "
                f"{r['wall_no_change_s'] * 1000:.0f} ms | {'PASS' if r['pass'] else 'FAIL'} |"
                for r in rows
            ),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="bench/forum.py", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--posts", default=",".join(map(str, SIZES)))
    ap.add_argument("--out", default=str(HERE / "forum-results.md"))
    args = ap.parse_args(argv)
    rows = measure([int(x) for x in args.posts.split(",") if x.strip()])
    text = markdown(rows, time.strftime("Last run: %Y-%m-%d %H:%M UTC", time.gmtime()))
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    return 0 if all(r["pass"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
