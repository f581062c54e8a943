"""Smoke tests of bench/: every module imports and its small parts run on tiny inputs.

``./dev bench`` takes minutes and local MediaWikis, so nothing else runs it; these
take a few seconds and need no wiki, so that a module split or a renamed helper
cannot break the benchmark unnoticed. Figures are not checked, only that each part
runs and gives what the report reads.
"""

from __future__ import annotations

import importlib
import json
import math
import re
import sys
import tomllib
import urllib.error
import urllib.request
from itertools import pairwise
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
#: measure.py is a script (it runs its command when imported): run, not imported.
SCRIPTS = {"measure"}
MODULES = sorted(p.stem for p in BENCH.glob("*.py") if p.stem not in SCRIPTS)


@pytest.fixture(scope="module")
def bench():
    """Imports bench modules by their bare names, as they import each other; afterwards
    sys.path and sys.modules lose them again (names such as ``report`` are generic)."""
    path = list(sys.path)
    sys.path.insert(0, str(BENCH))

    def load(name: str) -> ModuleType:
        return importlib.import_module(name)

    yield load
    sys.path[:] = path
    for name, mod in list(sys.modules.items()):
        if str(getattr(mod, "__file__", "") or "").startswith(str(BENCH)):
            del sys.modules[name]


@pytest.mark.parametrize("name", MODULES)
def test_every_bench_module_imports(bench, name):
    assert bench(name).__doc__


def test_bench_readme_names_every_module():
    listed = set(re.findall(r"^\| `(\w+)\.py` \|", (BENCH / "README.md").read_text(encoding="utf-8"), re.M))
    assert listed == set(MODULES) | SCRIPTS


def test_run_parses_its_options(bench, capsys):
    with pytest.raises(SystemExit) as exc:
        bench("run").main(["--help"])
    assert exc.value.code == 0
    assert "--feedback-pages" in capsys.readouterr().out


def test_measure_reports_a_childs_peak_memory(bench):
    m = bench("wikis").measure([sys.executable, "-c", "x = bytearray(20 << 20)"])
    assert m["returncode"] == 0 and m["maxrss_kb"] > 20 << 10 and m["wall_s"] > 0


@pytest.mark.parametrize("lang", ["en", "ar", "bn"])
def test_talkgen_writes_a_page_the_parser_reads(bench, lang):
    from ldwg_bot.feedback import parse_comments

    talkgen = bench("talkgen")
    text, written = talkgen.talk_page(4_000, lang, seed=3)
    assert len(text.encode()) >= 4_000 and written > 0
    found = parse_comments(text, talkgen.conventions(lang))
    assert 0 < len(found) <= written  # one person's two signatures in a paragraph are one comment


def test_parser_parts_on_tiny_pages(bench):
    speed = bench("parser_bench").speed(("en",), {"tiny": 3_000}, {"tiny": 1}, log=lambda m: None)
    assert speed[0]["comments_found"] > 0 and speed[0]["ratio"] > 0
    adversarial = bench("adversarial")
    rows = adversarial.run([3_000], log=lambda m: None)
    assert {r["generator"] for r in rows} == set(adversarial.GENERATORS)
    assert "| repeated headings |" in adversarial.document(rows, "Today")
    th = bench("threading_rate").measure(size=20_000, pages=1)
    assert th["comments"] > 0 and th["pass"]


def test_authorship_bench_on_a_tiny_history(bench):
    ab = bench("authorship_bench")
    h = ab.history(size=20_000, comments=6, seed=2)
    assert len(h.revisions) == 7 and h.revisions[-1].text == h.text
    assert all(len(a.text) < len(b.text) for a, b in pairwise(h.revisions))
    t = ab.timing(size=20_000, comments=6, repeat=1)
    assert t["right"] == t["comments"] == 6 and t["checks_ok"] == 6
    assert 0 < t["searches_per_comment"] <= 1 + math.log2(7) + 1
    assert "6 new comments over 7 revisions" in ab.summary(t)


def _run(bench, label: str, requests: list[dict], **counts):
    """A job run as the proxy would have recorded it."""
    return bench("wikis").Run(
        label,
        ["collect-feedback"],
        0,
        1.0,
        50 << 10,
        [("GET", "/w/api.php", q) for q in requests],
        {"counts": counts},
    )


HISTORY = {
    "action": "query",
    "prop": "info|revisions",
    "rvprop": "ids|timestamp|user|sha1|content",
    "titles": "T",
}
SESSION = {"action": "query", "meta": "userinfo"}


def test_history_reads_are_counted_and_held_to_their_goals(bench):
    ab, api = bench("authorship_bench"), bench("api_requests")
    res = api.Results()
    res.runs["fb:first"] = _run(bench, "first", [SESSION] + [HISTORY] * 3)
    res.runs["fb:one"] = _run(bench, "one", [SESSION, HISTORY, HISTORY])
    ab.first_and_one_changed(res, 3)
    assert [g["pass"] for g in res.goals] == [True, False]
    assert [r["history_reads"] for r in ab.reads_table(res)] == [3, 2]
    assert "one page changed" in api.diagnose(res)[0]


def test_forum_json_handler_answers_on_loopback():
    import threading
    from http.server import ThreadingHTTPServer

    from ldwg_bot.devwiki.forum import json_handler

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0),
        json_handler(
            lambda path: (200, b'{"path": "%s"}' % path.encode()) if path.startswith("/t/") else (404, b"{}")
        ),
    )
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(url + "/t/7.json", timeout=10) as reply:
            assert reply.headers["Content-Type"].startswith("application/json")
            assert json.load(reply) == {"path": "/t/7.json"}
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url + "/x", timeout=10)
        assert err.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_forum_bench_counts_requests_per_topic(bench):
    forum = bench("forum")
    rows = forum.measure([5, 21])
    assert [(r["first"], r["no_change"], r["goal"], r["pass"]) for r in rows] == [
        (1, 1, 1, True),
        (2, 2, 2, True),
    ]
    assert "| 21 | 21 | 2 | 2 | 2 |" in forum.markdown(rows, "Last run: today")


def test_config_groups_are_toml(bench):
    seeding = bench("seeding")
    for group in (
        seeding.feedback_group(["Talk:A", "Talk:B"], "A/Summary"),
        seeding.status_group("s", ["P 1"], "P/Table", "P"),
    ):
        assert tomllib.loads("[[group]]" + group)["group"][0]["name"]


def test_report_renders_from_a_small_results_dict(bench):
    api, report = bench("api_requests"), bench("report")
    res = api.Results()
    first = res.add("fb:first", _run(bench, "feedback N=2: first run", [SESSION, HISTORY, HISTORY], new=9))
    res.add("fb:one", _run(bench, "feedback N=2: one page changed", [SESSION, HISTORY], new=1))
    res.add(
        "runall:2", _run(bench, "run-all after a first run-all", [SESSION, {"action": "edit", "title": "X"}])
    )
    res.goal("feedback goal", first.total, 3, "requests", first)
    res.goal("no-change run-all: 0 edits", 2, 1, "reads", res.runs["runall:2"])
    res.goal("forum goal", 4, 4, "requests in all", None)
    assert callable(bench("run").no_wiki_parts) and callable(bench("run").parser_parts)
    res.data.update(
        {
            "parser_speed": [
                {
                    "size": "10 KB",
                    "lang": "en",
                    "comments_found": 22,
                    "comments_written": 23,
                    "repeats": 1,
                    "parse_comments_s": 0.01,
                    "mwparserfromhell_s": 0.02,
                    "ratio": 0.5,
                    "parse_comments_s_per_mb": 1.0,
                    "mwparserfromhell_s_per_mb": 2.0,
                }
            ],
            "parser_memory": {
                "lang": "en",
                "bytes": 5e6,
                "parse_comments": 66,
                "mwparserfromhell": 158,
                "nothing": 32,
            },
            "language_model_memory": {"imports": 46, "imports + model": 160},
            "adversarial": [
                {
                    "generator": "unclosed comments",
                    "bytes": 1e5,
                    "comments": 5,
                    "s_per_mb": 0.1,
                    "ordinary_s_per_mb": 0.2,
                    "ratio": 0.5,
                }
            ],
            "threading": {
                "pages": 1,
                "size": 1000,
                "rate": 0.04,
                "comments": 10,
                "wrong": 0,
                "wrong_pct": 0.0,
                "patterns": {"plain": 10},
                "pass": True,
            },
            "authorship_reads": bench("authorship_bench").reads_table(res),
            "authorship_time": {
                "bytes": 250_000,
                "revisions": 121,
                "comments": 120,
                "repeats": 5,
                "ms": 24.0,
                "ms_per_comment": 0.2,
                "searches": 1000,
                "searches_per_comment": 8.3,
                "right": 120,
                "checks_ok": 120,
            },
            "forum": [
                {
                    "posts": 28,
                    "records": 28,
                    "first": 2,
                    "no_change": 2,
                    "goal": 2,
                    "naive": 28,
                    "wall_no_change_s": 0.01,
                    "pass": True,
                }
            ],
            "setup": {"demo devwiki": "6.0 s"},
        }
    )
    info = bench("report").machine("MediaWiki 1.39.17", tmpfs=True)
    assert info["date"].endswith("UTC") and info["cpus"]
    text = report.render(res, info, 12.0)
    for part in (
        "## Goals",
        "**FAIL**",
        "Why a goal is missed",
        "## 2. Parser speed",
        "### Adversarial pages",
        "### Threading",
        "## 3. Memory",
        "py3langid's model",
        "## 4. Wall time",
        "## 5. Authorship check",
        "24.0 ms (0.20 ms per comment",
        "| feedback N=2: first run | 2 | 2 | 9 |",
        "## 6. Forum reads",
    ):
        assert part in text, part
