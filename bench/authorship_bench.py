#!/usr/bin/env python3
"""The feedback authorship check: its time, and the history reads it costs (issue 13).

collect-feedback reads a changed page's revisions since the last run (with
content, 50 a request) and :func:`ldwg_bot.feedback.authorship.attribute`
finds the revision that added each new comment (a binary search over them);
:func:`~ldwg_bot.feedback.authorship.check_records` then compares signer and
editor. Two parts:

* **time** (no wiki): a generated talk page (``talkgen``, about 250 KB) whose
  last ``comments`` comments were added one per revision, in random places,
  on top of a base revision: ``comments + 1`` revisions. Best of N for the
  check of all those comments, in ms and ms per comment, with the text
  searches it made (a scan of every revision would make up to one per
  revision per comment) and how many comments it attributed right.
* **history reads** (``bench/run.py``, on the scale devwiki): counted at the
  proxy in the collect-feedback runs of ``api_requests.feedback_scale``: the
  first run over N new pages (at most ``authorship_revisions`` + 1 read back:
  one read per page of fewer than 50 revisions), a run where one page changed
  (1), and one page with 120 new revisions (ceil(121/50) = 3).

``python bench/authorship_bench.py [--size 250000] [--comments 120]`` runs the first part.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import talkgen  # noqa: E402
from parser_bench import best  # noqa: E402

from ldwg_bot.devwiki.manager import ADMIN_USER  # noqa: E402
from ldwg_bot.feedback import parse_comments  # noqa: E402
from ldwg_bot.feedback.authorship import Revision, attribute, check_records  # noqa: E402
from ldwg_bot.feedback.record import CommentRecord, from_comment  # noqa: E402

if TYPE_CHECKING:
    from api_requests import Results
    from wikis import BenchWiki, Run

#: What collect-feedback asks for when it reads a page's history (ldwg_bot.wiki.Wiki.history).
HISTORY_RVPROP = "ids|timestamp|user|sha1|content"


@dataclass
class History:
    text: str  # the page now (the newest revision)
    revisions: list[Revision]  # oldest first: the base, then one revision per new comment
    records: list[CommentRecord]  # the new comments, as collect.Collector.records gives them
    added: dict[str, int]  # comment id -> the revision that really added it


class _Counted(str):
    """A revision text that counts the searches made in it."""

    searches = 0

    def count(self, *args) -> int:  # type: ignore[override]
        _Counted.searches += 1
        return super().count(*args)


def _line_range(text: str, start: int, end: int) -> tuple[int, int]:
    """The whole lines a comment stands on (its indentation and line break included)."""
    stop = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if stop < 0 else stop + 1


def history(size: int = 250_000, comments: int = 120, lang: str = "en", seed: int = 1) -> History:
    """A page of about ``size`` bytes and ``comments + 1`` revisions: ``comments`` of its
    comments, picked at random, are missing from the base and come back one a revision."""
    text, _ = talkgen.talk_page(size, lang, seed)
    parsed = parse_comments(text, talkgen.conventions(lang))
    sig_starts = sorted(c.sig_start for c in parsed)
    rnd = random.Random(seed)
    picked, taken = [], []
    for c in rnd.sample(parsed, len(parsed)):
        lo, hi = _line_range(text, c.start, c.end)
        alone = sum(lo <= s < hi for s in sig_starts) == 1  # no other comment on its lines
        if alone and not c.unsigned and all(hi <= a or lo >= b for a, b in taken):
            picked.append(c)
            taken.append((lo, hi))
            if len(picked) == comments:
                break
    revisions, added = [], {}
    for k in range(len(picked) + 1):  # revision k: the base plus the first k picked
        gone = sorted(taken[k:])
        parts, pos = [], 0
        for lo, hi in gone:
            parts.append(text[pos:lo])
            pos = hi
        parts.append(text[pos:])
        by = picked[k - 1] if k else None
        revisions.append(
            Revision(
                1000 + k,
                999 + k,
                by.author if by else "Seeder",
                by.timestamp if by else parsed[0].timestamp,
                "".join(parts),
            )
        )
        if by:
            added[by.id] = 1000 + k
    assert revisions[-1].text == text
    records = [from_comment(c, None, "", "") for c in picked]
    return History(text, revisions, records, added)


def check(h: History, revisions: list[Revision] | None = None) -> list[CommentRecord]:
    """The authorship check as collect-feedback runs it on a page's new comments."""
    records = attribute(h.records, h.text, h.revisions if revisions is None else revisions)
    return check_records(records, set())


def timing(size: int = 250_000, comments: int = 120, repeat: int = 5) -> dict:
    """Time (best of ``repeat``), text searches and right answers of the check on :func:`history`."""
    h = history(size, comments)
    _Counted.searches = 0
    counted = [Revision(r.revid, r.parentid, r.user, r.timestamp, _Counted(r.text)) for r in h.revisions]
    records = check(h, counted)
    searches = _Counted.searches
    seconds = best(lambda: check(h), repeat)
    n = len(h.records)
    return {
        "bytes": len(h.text.encode()),
        "revisions": len(h.revisions),
        "comments": n,
        "repeats": repeat,
        "ms": seconds * 1000,
        "ms_per_comment": seconds * 1000 / n if n else 0.0,
        "searches": searches,
        "searches_per_comment": searches / n if n else 0.0,
        "right": sum(r.added_in_revision == h.added[r.id] for r in records),
        "checks_ok": sum(r.signature_check == "ok" for r in records),
    }


def summary(t: dict) -> str:
    return (
        f"{t['comments']} new comments over {t['revisions']} revisions of a {t['bytes'] / 1000:.0f} KB page: "
        f"{t['ms']:.1f} ms ({t['ms_per_comment']:.2f} ms per comment, best of {t['repeats']}); "
        f"{t['searches_per_comment']:.1f} text searches per comment (a scan: up to {t['revisions']}); "
        f"{t['right']}/{t['comments']} attributed to the right revision, {t['checks_ok']} checks ok"
    )


# -- history reads, counted at the proxy (bench/run.py)


def history_reads(run: Run) -> int:
    """Requests of a run that read a page's revisions with content."""
    return sum(1 for _, _, q in run.requests if q.get("rvprop") == HISTORY_RVPROP)


def first_and_one_changed(res: Results, pages: int) -> None:
    """Goals on the collect-feedback runs already made: the first run over ``pages`` new
    pages (each of one revision: one history read a page), one page changed (one)."""
    first, one = res.runs["fb:first"], res.runs["fb:one"]
    res.goal(
        f"authorship, first run over {pages} new pages of 1 revision: one history read a page",
        history_reads(first),
        pages,
        "history reads",
        first,
        naive=pages,
    )
    res.goal(
        "authorship, one page changed by one revision: 1 history read",
        history_reads(one),
        1,
        "history reads",
        one,
        naive=1,
    )


def new_revisions(bw: BenchWiki, res: Results, cfg: Path, title: str, revisions: int = 120) -> None:
    """One page with ``revisions`` new revisions since the last run: ceil((R + 1) / 50) reads."""
    admin = bw.wiki.client(ADMIN_USER)  # sysops are not rate-limited
    for i in range(revisions):
        admin.edit(title, appendtext=f"\n:Note {i}. ~~~~", summary="note")
    run = res.add(
        "fb:history",
        bw.run(
            f"feedback: one page with {revisions} revisions since the last run",
            "collect-feedback",
            cfg,
            "--no-summary",
        ),
    )
    goal = -(-(revisions + 1) // 50)
    res.goal(
        f"authorship: {revisions} revisions since the last run cost ceil({revisions + 1}/50) = {goal} "
        "history reads",
        history_reads(run),
        goal,
        "history reads (revisions with content)",
        run,
        extra_ok=run.counts().get("new") == revisions,
        naive=revisions,
    )


def reads_table(res: Results) -> list[dict]:
    """History reads of the collect-feedback runs, for the report."""
    rows = []
    for key in ("fb:first", "fb:nochange", "fb:one", "fb:history"):
        run = res.runs.get(key)
        if run is not None:
            rows.append(
                {
                    "run": run.label,
                    "history_reads": history_reads(run),
                    "job_reads": run.job_reads,
                    "new_comments": run.counts().get("new"),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=250_000)
    ap.add_argument("--comments", type=int, default=120)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    t = timing(args.size, args.comments, args.repeat)
    print(summary(t))
    return 0 if t["right"] == t["comments"] else 1


if __name__ == "__main__":
    sys.exit(main())
