"""The store never takes a re-created wiki's pages for the old ones (issue 12.16).

Two real MediaWikis are installed one after the other behind the same API URL
(same port): the second is a fresh install, so its revision ids start again
and the talk page's latest revision has the same id as on the first, with
other comments. collect-feedback must read the page again and export the new
wiki's comments, never the old ones as if nothing had changed.
"""

from __future__ import annotations

import json

import pytest

from ldwg_bot.devwiki import DevWiki, free_port
from tests.conftest import _require_mediawiki
from tests.helpers import run_cli

pytestmark = pytest.mark.integration

TALK = "Talk:Recreated wiki"


def _post(wiki: DevWiki, users: list[str]) -> int:
    """One new thread per user on TALK; the latest revision id."""
    revid = 0
    for n, user in enumerate(users):
        result = wiki.client(user).edit(
            TALK, section="new", sectiontitle=f"Thread {n}", text=f"A point from {user}. ~~~~"
        )
        revid = result["newrevid"]
    return revid


def _collect(wiki: DevWiki, store) -> list[dict]:
    done = run_cli(
        "collect-feedback", "--api", wiki.api_url, "--page", TALK, "--store", str(store), "--export", "-"
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_recreated_wiki_at_the_same_url_is_read_again(tmp_path):
    _require_mediawiki()
    port = free_port()
    store = tmp_path / "store.sqlite"
    first = DevWiki.load(tmp_path / "first", port=port, family=f"recreate{port}")
    first.start(seed=False)
    try:
        old_revid = _post(first, ["Old Alice", "Old Bob", "Old Carol"])
        rows = _collect(first, store)
        assert sorted(r["author"] for r in rows) == ["Old Alice", "Old Bob", "Old Carol"]
    finally:
        first.stop()
    second = DevWiki.load(tmp_path / "second", port=port, family=f"recreate{port}")
    second.start(seed=False)
    try:
        new_revid = _post(second, ["New Dana", "New Eli", "New Fay"])
        assert new_revid == old_revid  # the trap: same id, other content
        rows = _collect(second, store)
    finally:
        second.stop()
    live = sorted(r["author"] for r in rows if r["status"] != "removed")
    assert live == ["New Dana", "New Eli", "New Fay"]
    assert {r["status"] for r in rows if r["author"].startswith("New")} == {"new"}
    assert {r["status"] for r in rows if r["author"].startswith("Old")} == {"removed"}
