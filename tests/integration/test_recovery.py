"""The wiki is the truth, the store is the memory: a stale or missing store record never
turns the bot's own text into a "human edit" (issue 23 part 2).

A run that stopped after its edit and before its store commit (SIGTERM, a full disk,
a read-only store) left the store one publish behind the wiki; here that is made by
putting back a copy of the store taken before the publish, which is the same state.
"""

from __future__ import annotations

import shutil

import pytest

from tests.integration.test_publish_update import JULY_EDITED, ok, publish, sources, write_config

pytestmark = pytest.mark.integration

ROOT = "Recovery LDWG"


def _config(tmp_path, wiki, folder, root: str):
    return write_config(
        tmp_path, wiki, sources=folder, root=root, page=f"{root}/Updates", box=f"Template:{root} box"
    )


def _revisions(wiki, title: str) -> int:
    return len(wiki.client().revisions(title))


def test_a_store_one_publish_behind_the_wiki_is_no_conflict(devwiki, tmp_path, capsys):
    root = f"{ROOT} behind"
    cfg = _config(tmp_path, devwiki, sources(tmp_path, "2022-07"), root)
    store = tmp_path / "store.sqlite"
    ok(*publish(capsys, cfg, "--no-mark"))
    shutil.copy(store, tmp_path / "before.sqlite")
    sources(tmp_path, "2022-07", edited=True)
    ok(*publish(capsys, cfg, "--no-mark"))  # the source changed: published
    page = f"{root}/Updates"
    saved = _revisions(devwiki, page)
    # the store as a run left it that stopped right after that save
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"store.sqlite{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "before.sqlite", store)
    code, out, err = publish(capsys, cfg, "--no-mark")
    assert code == 0, out + err  # on main: "edited on the wiki and changed"
    assert "edited on the wiki" not in out + err and "replaced an edit" not in out
    assert _revisions(devwiki, page) == saved  # nothing written again
    code, out, err = publish(capsys, cfg, "--no-mark")  # and the store knows it now
    assert code == 0 and "no change" in out, out + err


def test_the_bots_own_older_revision_is_not_a_human_edit(devwiki, tmp_path, capsys):
    """Stopped before the commit, then the source changed again: the wiki holds a section
    of one of the bot's own revisions, so the new source is published without a conflict."""
    root = f"{ROOT} history"
    folder = sources(tmp_path, "2022-07")
    cfg = _config(tmp_path, devwiki, folder, root)
    store = tmp_path / "store.sqlite"
    ok(*publish(capsys, cfg, "--no-mark"))
    shutil.copy(store, tmp_path / "before.sqlite")
    sources(tmp_path, "2022-07", edited=True)
    ok(*publish(capsys, cfg, "--no-mark"))
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"store.sqlite{suffix}").unlink(missing_ok=True)
    shutil.copy(tmp_path / "before.sqlite", store)
    july = folder / "2022-07.md"
    july.write_text(july.read_text().replace(JULY_EDITED, JULY_EDITED + " A third version."))
    code, out, err = publish(capsys, cfg, "--no-mark")
    assert code == 0, out + err
    assert "replaced an edit" not in out and "edited on the wiki" not in out + err
    assert "A third version." in devwiki.client().page_text(f"{root}/Updates")


def test_a_fresh_store_on_a_wiki_where_the_bot_published_writes_nothing(devwiki, tmp_path, capsys):
    root = f"{ROOT} fresh"
    cfg = _config(tmp_path, devwiki, sources(tmp_path, "2022-07", "2022-08"), root)
    ok(*publish(capsys, cfg, "--no-mark"))
    page = f"{root}/Updates"
    saved = _revisions(devwiki, page)
    for suffix in ("", "-wal", "-shm"):
        (tmp_path / f"store.sqlite{suffix}").unlink(missing_ok=True)
    out = ok(*publish(capsys, cfg, "--no-mark"))
    assert "no change" in out and _revisions(devwiki, page) == saved
    sources(tmp_path, "2022-07", "2022-08", edited=True)  # a real source change still publishes
    out = ok(*publish(capsys, cfg, "--no-mark"))
    assert "edited on the wiki" not in out and _revisions(devwiki, page) == saved + 1


def test_records_of_another_wiki_at_the_same_family_and_code_are_not_used(devwiki, tmp_path, capsys):
    """A store that served another wiki under this family:code: its high-water mark (and its
    section and announcement records) are not this wiki's; the units here start at 1."""
    import json
    import sqlite3

    from tests.integration.test_publish_update import TRANSLATE_YES

    root = f"{ROOT} identity"
    cfg = write_config(
        tmp_path,
        devwiki,
        sources=sources(tmp_path, "2022-07"),
        root=root,
        page=f"{root}/Updates",
        box=f"Template:{root} box",
        extra=TRANSLATE_YES,
    )
    key = f"{devwiki.family}:{devwiki.family}"
    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.executemany(
            "INSERT INTO meta VALUES (?, ?)",
            [
                (f"publish-update:identity:{key}", json.dumps(["otherwiki", "http://127.0.0.9", "/w"])),
                (f"publish-update:high-water:{key}:{root}/Updates", "500"),
            ],
        )
    out = ok(*publish(capsys, cfg, "--no-mark"))
    assert "another wiki answers at this address" in out
    text = devwiki.client().page_text(f"{root}/Updates")
    assert "<!--T:1-->" in text and "<!--T:501-->" not in text
    out = ok(*publish(capsys, cfg, "--no-mark"))  # this wiki's records from now on
    assert "another wiki" not in out and "no change" in out
