"""Kill each job at each of its writes, run it again, and get what an uninterrupted run gets.

For every job a first, uninterrupted run counts its write points (wiki writes,
forum posts, store commits; see tests/crashpoints.py). Then for each chosen
point the job's real process is stopped there (SIGKILL; SIGTERM for a subset),
run again normally, and compared with the uninterrupted run: the same page
texts and revision counts, the same store (timestamps of the runs set aside),
nothing sent twice, exit 0; a run stopped by SIGTERM names in its own summary
exactly the pages it wrote. Where a job has many points of one kind they are
sampled (first, last, evenly between: :func:`tests.crashpoints.sample`), so
every kind is covered and the file stays within a couple of minutes.
"""

from __future__ import annotations

import signal
import subprocess
import textwrap
from pathlib import Path

import pytest

from tests.crashpoints import Harness, Stop, sample, snapshot, store_diff
from tests.discourse_replay import start as start_forum
from tests.faultproxy import FaultProxy
from tests.integration.test_run_safety import _env_password_config

pytestmark = pytest.mark.integration

ROOT = "Crash LDWG"
TITLE = "LDWG monthly digest: January 2023"
PUBLISH = [
    "publish-update",
    "--no-mark",
    "--draft",
    f"{ROOT}/Draft",
    "--month",
    "2023-01",
    "--title",
    TITLE,
    "--summary",
    "Three surveys are open.",
    "--announce",
]
#: Points per kind at most (SIGKILL), and the kinds whose middle point is also run with SIGTERM.
PUBLISH_POINTS = ({"wiki": 3, "forum": 1, "commit": 2}, ("wiki",))
RUN_ALL_POINTS = ({"wiki": 2, "commit": 1}, ())  # SIGTERM: in publish-update's
ONE_JOB_POINTS = ({"wiki": 1}, ())  # their commits are points of run-all


@pytest.fixture(scope="module")
def crashwiki(devwiki_factory):
    wiki = devwiki_factory(name="crash")
    wiki.client("Mira Santos").edit(
        f"{ROOT}/Draft",
        text=(
            "Three surveys for the plan are open.\n\n== News ==\n* Surveys are open until February 3.\n"
            "* Community calls in more languages are planned.\n* The update is in Spanish too.\n"
        ),
    )
    wiki.pristine = snapshot(wiki)  # every test's runs start from this state
    return wiki


def _publish_group(forum_url: str = "") -> str:
    forum = f'[group.forum]\nurl = "{forum_url}"\ndigest_topic = 1404\n' if forum_url else ""
    return (
        textwrap.dedent(f'''
        name = "crash"
        root = "{ROOT}"
        languages = ["es"]

        [group.updates]
        page = "{ROOT}/Updates"
        latest_box = "Template:{ROOT} box"
        announce_list = "{ROOT}/Delivery list"
        ''')
        + forum
    )


def _points(counts: dict[str, int], keep: tuple[dict[str, int], tuple[str, ...]]) -> list[Stop]:
    most, term = keep
    stops = []
    for kind, n in most.items():
        chosen = sample(counts.get(kind, 0), n)
        stops += [Stop(kind, k) for k in chosen]
        if chosen and kind in term:
            stops.append(Stop(kind, chosen[len(chosen) // 2], signal.SIGTERM))
    return stops


def _check_point(
    h: Harness, args: list[str], stop: Stop, reference, titles: list[str], sent: int, posted: int
) -> None:
    h.reset()
    stopped = h.run(args, stop)
    assert stopped.code in (-signal.SIGKILL, 143, 0), f"{stop}: {stopped.code}\n{stopped.err}"
    if stop.sig == signal.SIGTERM and stopped.code == 143:
        # the stopped run's own summary names exactly the pages it wrote
        named = {
            line.split("changed: ", 1)[1].split(" - ")[0]
            for line in stopped.out.splitlines()
            if line.strip().startswith("changed: ") and "forum topic" not in line
        }
        assert named == set(stopped.edited), f"{stop}: {stopped.out}"
    again = h.run(args)
    assert again.code == 0, f"after {stop}: {again.out}\n{again.err}"
    assert "edited on the wiki" not in again.out + again.err, f"after {stop}: {again.out}"
    assert stopped.sent + again.sent == sent, f"after {stop}: MassMessage sent twice or never"
    assert stopped.posted + again.posted == posted, f"after {stop}: forum digest posted twice or never"
    state = h.state(titles)
    assert state.pages == reference.pages, f"after {stop}"
    assert state.revisions == reference.revisions, f"after {stop}: a page written twice"
    assert state.store == reference.store, f"after {stop}:\n{store_diff(state.store, reference.store)}"


def _harness(
    crashwiki, tmp_path, proxy, group: str | None, forum=None, massmessage=False, store: Path | None = None
) -> Harness:
    cfg, env, _tmp, _pwb = _env_password_config(
        tmp_path, crashwiki, proxy.api_url, f"crash{proxy.port}", group
    )
    env = {**env, "LDWG_BOT_DISCOURSE_API_KEY": "crash-test-key", "LDWG_BOT_DISCOURSE_USER": "LDWG_bot"}
    cfg = Path(cfg)
    if store is not None:
        cfg.write_text(
            cfg.read_text().replace(f'store = "{tmp_path / "store.sqlite"}"', f'store = "{store}"')
        )
    return Harness(
        crashwiki,
        tmp_path,
        proxy,
        cfg,
        store or tmp_path / "store.sqlite",
        env,
        crashwiki.pristine,
        forum=forum,
        massmessage=massmessage,
    )


def _crash_each_point(h: Harness, job: str, args: list[str], keep) -> None:
    h.reset()
    first, counts = h.count(args)
    assert first.code == 0, first.out + first.err
    titles = sorted(set(first.edited))
    reference = h.state(titles)
    stops = _points(counts, keep)
    for stop in stops:
        _check_point(h, args, stop, reference, titles, first.sent, first.posted)
    print(f"{job}: write points {counts}; crash points run: {len(stops)}")


def test_publish_update_with_massmessage_and_the_forum_digest(crashwiki, tmp_path):
    forum, server = start_forum()
    try:
        with FaultProxy(crashwiki.url) as proxy:
            h = _harness(crashwiki, tmp_path, proxy, _publish_group(forum.url), forum, massmessage=True)
            _crash_each_point(h, "publish-update", PUBLISH, PUBLISH_POINTS)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("job", ["collect-feedback", "translation-status"])
def test_collect_feedback_and_translation_status(crashwiki, tmp_path, job):
    with FaultProxy(crashwiki.url) as proxy:
        h = _harness(crashwiki, tmp_path, proxy, None)
        _crash_each_point(h, job, [job], ONE_JOB_POINTS)


def test_run_all(crashwiki, tmp_path):
    """All three jobs in one process (publish-update announcing with MassMessage)."""
    with FaultProxy(crashwiki.url) as proxy:
        h = _harness(crashwiki, tmp_path, proxy, None, massmessage=True)
        _crash_each_point(h, "run-all", ["run-all"], RUN_ALL_POINTS)


@pytest.fixture
def tiny_disk(tmp_path):
    """A 2 MB tmpfs for the store (root only: skipped where mount is not allowed)."""
    folder = tmp_path / "disk"
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def test_a_full_disk_right_after_the_first_save_and_a_read_only_store(crashwiki, tmp_path, tiny_disk):
    """The reproduced break: the store cannot be written right after a month's save. The run
    says so in one line and names the page it wrote; the next run is no conflict and ends
    where an uninterrupted run ends. A store that is read-only from the start is refused
    before anything is written."""
    args = [a for a in PUBLISH if a != "--announce"]

    def fill_the_disk():
        try:
            with open(tiny_disk / "filler", "wb") as fh:
                while True:
                    fh.write(b"\0" * 65536)
        except OSError:
            pass

    with FaultProxy(crashwiki.url) as proxy:
        h = _harness(crashwiki, tmp_path, proxy, _publish_group(), store=tiny_disk / "store.sqlite")
        h.reset()
        first = h.run(args)
        assert first.code == 0, first.out + first.err
        titles = sorted(set(first.edited))
        reference = h.state(titles)
        h.reset()
        stopped = h.run(args, Stop("wiki", 1, instead=fill_the_disk))
        assert stopped.code == 1 and "Traceback" not in stopped.err, stopped.err
        errors = [line for line in stopped.err.splitlines() if line.startswith("ldwg-bot: error:")]
        assert len(errors) == 1 and f"{h.store}: cannot write the store" in errors[0], stopped.err
        assert f"changed: {stopped.edited[0]}" in stopped.out, stopped.out
        (tiny_disk / "filler").unlink()
        again = h.run(args)
        assert again.code == 0 and "edited on the wiki" not in again.out + again.err, again.out + again.err
        state = h.state(titles)
        assert (state.pages, state.revisions) == (reference.pages, reference.revisions)
        assert state.store == reference.store, store_diff(state.store, reference.store)

        subprocess.run(["mount", "-o", "remount,ro", str(tiny_disk)], check=True)
        try:
            refused = h.run(args)
        finally:
            subprocess.run(["mount", "-o", "remount,rw", str(tiny_disk)], check=True)
        assert refused.code == 1 and refused.edited == [] and "Traceback" not in refused.err
        errors = [line for line in refused.err.splitlines() if line.startswith("ldwg-bot: error:")]
        assert len(errors) == 1 and str(tiny_disk) in errors[0], refused.err
        assert "read-only" in errors[0].lower() and "nothing written" in errors[0], refused.err


def test_no_at_the_prompt_is_named_as_not_written(crashwiki, tmp_path):
    """A "no" at the prompt: the summary's first line says nothing was written (main said
    "2 page(s) changed")."""
    from tests.helpers import write_config
    from tests.integration.test_run_safety import _hand_group, _run_on_a_terminal

    cfg = write_config(tmp_path / "ldwg-bot.toml", crashwiki, group=_hand_group("Crash no"))
    code, shown, prompts = _run_on_a_terminal(["publish-update", "--no-mark", "--config", str(cfg)], "n")
    assert code == 0 and prompts >= 2, shown
    assert "publish-update: nothing written; 2 page(s) would change (not written)" in shown, shown
    assert crashwiki.client().page_text("Crash no/Updates") is None
