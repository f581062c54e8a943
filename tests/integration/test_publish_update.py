"""publish-update end to end against the real local MediaWiki, with and without Translate.

The CLI runs in-process (``ldwg_bot.cli.main``) with a config written into
tmp_path that points at the test's devwiki. Tests that need the seeded
``.../Updates`` page untouched get a devwiki of their own; the others use
their own page titles on the shared one.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from ldwg_bot.text import markers
from ldwg_bot.updates.subpages import INDEX_SECTION
from ldwg_bot.updates.translatable import parse_units
from tests.helpers import main_in_process, site_toml, updates_group_toml
from tests.unit.updates.util import check_translate_markup, unit_map

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "ldwg_bot" / "examples" / "updates"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "updates"
ROOT = "Leadership Development Working Group"
PAGE = f"{ROOT}/Updates"
BOX = "Template:LDWG latest update"
JULY_PARAGRAPH = "Right now we are working on the **first goal**."
JULY_EDITED = "Right now we are working on the **first goal**, with a small drafting team."
HUMAN_NOTE = "A note added by a human reader: the June minutes are on the talk page."
# The numbering of units is tested on a real wiki with the markup forced on (no Translate here).
TRANSLATE_YES = 'translatable = "yes"'


def write_config(
    tmp_path: Path,
    wiki,
    *,
    sources: Path,
    layout: str = "sections",
    root: str = ROOT,
    page: str = PAGE,
    box: str = BOX,
    index: str = "",
    extra: str = "",
) -> Path:
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        site_toml(tmp_path / "store.sqlite", wiki)
        + updates_group_toml(
            root=root,
            sources=sources,
            page=page,
            box=box,
            extra=extra,
            layout=layout,
            index_page=index,
            announce_list=f"{root}/Delivery list",
        )
    )
    return cfg


def publish(capsys, config: Path, *args: str) -> tuple[int, str, str]:
    """Run ``ldwg-bot publish-update`` in-process; -simulate is reset afterwards."""
    return main_in_process(capsys, "publish-update", "--config", str(config), *args)


def sources(tmp_path: Path, *months: str, edited: bool = False) -> Path:
    folder = tmp_path / "updates"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    for month in months:
        text = (EXAMPLES / f"{month}.md").read_text(encoding="utf-8")
        if edited and month == "2022-07":
            assert JULY_PARAGRAPH in text
            text = text.replace(JULY_PARAGRAPH, JULY_EDITED)
        (folder / f"{month}.md").write_text(text, encoding="utf-8")
    return folder


def revisions(wiki, *titles: str) -> dict[str, int]:
    client = wiki.client()
    return {t: len(client.revisions(t)) for t in titles}


def months_in_order(text: str) -> list[str]:
    return re.findall(r"^== (\w+ \d{4}) ==", text, re.M)


def ok(code: int, out: str, err: str) -> str:
    assert code == 0, f"exit {code}\n{out}\n{err}"
    return out


# -------------------------------------------------------------- sections


def test_sections_layout_end_to_end(devwiki_factory, tmp_path, capsys):
    wiki = devwiki_factory(name="updates-sections")
    folder = sources(tmp_path, "2022-07")
    cfg = write_config(tmp_path, wiki, sources=folder, extra=TRANSLATE_YES)
    client = wiki.client()

    out = ok(*publish(capsys, cfg))
    assert f"changed: {PAGE}" in out and f"changed: {BOX}" in out
    # no Translate on this wiki: warned once (markup forced on), said once, nothing else happens
    assert out.count('updates.translatable = "yes" but this wiki has no Translate extension') == 1
    assert out.count("Translate extension is not installed") == 1
    assert "MassMessage not available; announcement not sent" in out
    import sqlite3

    with sqlite3.connect(tmp_path / "store.sqlite") as db:
        keys = dict(db.execute("SELECT key, value FROM meta").fetchall())
    assert not [k for k in keys if ":announced:" in k]  # not marked as sent
    assert int(keys[f"publish-update:high-water:{wiki.family}:{wiki.family}:{PAGE}"]) > 10
    july_page = client.page_text(PAGE)
    assert months_in_order(july_page) == ["July 2022", "June 2022"]
    assert "July 2022" in client.page_text(BOX)

    folder = sources(tmp_path, "2022-07", "2022-08")
    ok(*publish(capsys, cfg))
    text = client.page_text(PAGE)
    assert months_in_order(text) == ["August 2022", "July 2022", "June 2022"]
    assert text.startswith("<languages/>\nThis page collects the monthly updates")
    ids = check_translate_markup(text)
    assert len(ids) == len(set(ids)) > 20
    july = markers.get_section(text, "update-2022-07")
    assert markers.get_section(july_page, "update-2022-07") == july  # July untouched by August
    box = client.page_text(BOX)
    assert "|August 2022]]" in box and "update-2022-08" in box and "July 2022" not in box
    check_translate_markup(box)
    # the main page shows the box (the template is transcluded)
    html = client.get(action="parse", page=ROOT, prop="text")["parse"]["text"]
    assert "Latest update:" in html and "August 2022" in html

    # a human adds a paragraph outside the markers; nothing changed -> no edit at all
    human = wiki.client("Nadia K")
    human.edit(PAGE, text=text.replace("\n== June 2022 ==", f"\n{HUMAN_NOTE}\n\n== June 2022 =="))
    before = revisions(wiki, PAGE, BOX)
    out = ok(*publish(capsys, cfg))
    assert "publish-update: no change" in out
    assert revisions(wiki, PAGE, BOX) == before
    assert HUMAN_NOTE in client.page_text(PAGE)

    # -simulate with a changed paragraph: the diff is shown, nothing is written
    sources(tmp_path, "2022-07", "2022-08", edited=True)
    code, out, err = publish(capsys, cfg, "-simulate")
    ok(code, out, err)
    assert "would edit" in out and f"+{JULY_EDITED.replace('**', chr(39) * 3)}" in out
    assert f"would change: {PAGE}" in out
    assert revisions(wiki, PAGE, BOX) == before

    # one paragraph of July edited: only that unit changes, every number is kept
    old_units = unit_map(client.page_text(PAGE))
    ok(*publish(capsys, cfg))
    new_text = client.page_text(PAGE)
    new_units = unit_map(new_text)
    assert new_units.keys() == old_units.keys()
    changed = [k for k in new_units if new_units[k] != old_units[k]]
    assert len(changed) == 1 and "small drafting team" in new_units[changed[0]]
    assert HUMAN_NOTE in new_text
    assert revisions(wiki, BOX)[BOX] == before[BOX]  # box unchanged
    assert revisions(wiki, PAGE)[PAGE] == before[PAGE] + 1
    # and once more: nothing to do
    before = revisions(wiki, PAGE, BOX)
    ok(*publish(capsys, cfg))
    assert revisions(wiki, PAGE, BOX) == before

    # publishing an older month alone never moves the box back
    ok(*publish(capsys, cfg, "--month", "2022-07"))
    assert "|August 2022]]" in client.page_text(BOX)
    assert revisions(wiki, PAGE, BOX) == before


# -------------------------------------------------------------- subpages


def test_subpages_layout_end_to_end(devwiki, tmp_path, capsys):
    root = "LDWG subpages test"
    index, box = f"{root}/Updates", "Template:LDWG subpages test latest"
    human = devwiki.client("Mira Santos")
    human.edit(index, text="The monthly updates of the group, newest first.\n")
    folder = sources(tmp_path, "2022-07")
    cfg = write_config(
        tmp_path,
        devwiki,
        sources=folder,
        layout="subpages",
        root=root,
        page="",
        index=index,
        box=box,
        extra=TRANSLATE_YES,
    )
    client = devwiki.client()
    july, august = f"{root}/Updates/July 2022", f"{root}/Updates/August 2022"

    ok(*publish(capsys, cfg))
    sources(tmp_path, "2022-07", "2022-08")
    out = ok(*publish(capsys, cfg))
    assert f"changed: {august}" in out and f"changed: {july}" not in out
    for title in (july, august):
        text = client.page_text(title)
        assert text.startswith("<languages/>\n<!-- ldwg-bot:update-")
        check_translate_markup(text)
    index_text = client.page_text(index)
    assert index_text.startswith("<languages/>\nThe monthly updates of the group, newest first.")
    entries = markers.get_section(index_text, INDEX_SECTION)
    assert entries.index("August 2022]]") < entries.index("July 2022]]")
    assert "The draft definition of leadership is open for feedback" in entries
    check_translate_markup(index_text)
    box_text = client.page_text(box)
    assert f"Special:MyLanguage/{august}</tvar>|August 2022]]" in box_text

    # human paragraphs on the index and on a month page survive; re-run makes no edit
    human.edit(index, text=index_text.replace("newest first.", f"newest first.\n\n{HUMAN_NOTE}"))
    human.edit(july, text=client.page_text(july) + f"\n{HUMAN_NOTE}\n")
    titles = (july, august, index, box)
    before = revisions(devwiki, *titles)
    ok(*publish(capsys, cfg))
    assert revisions(devwiki, *titles) == before

    # one paragraph edited: only the July page changes, its other units keep their numbers
    old_units = unit_map(client.page_text(july))
    sources(tmp_path, "2022-07", "2022-08", edited=True)
    out = ok(*publish(capsys, cfg))
    assert f"changed: {july}" in out and "1 page(s) changed" in out
    new_text = client.page_text(july)
    new_units = unit_map(new_text)
    assert new_units.keys() == old_units.keys()
    assert [k for k in new_units if new_units[k] != old_units[k]] != []
    assert sum(new_units[k] != old_units[k] for k in new_units) == 1
    assert HUMAN_NOTE in new_text and HUMAN_NOTE in client.page_text(index)
    after = revisions(devwiki, *titles)
    assert after[july] == before[july] + 1 and all(after[t] == before[t] for t in titles[1:])


# ------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "fixture,expected",
    [
        ("missing-title.md", "front matter has no 'title'"),
        ("month-13.md", "front matter 'month'"),
        ("empty-body.md", "the update has no text"),
        ("no-front-matter.md", "no front matter"),
    ],
)
def test_bad_source_in_folder_writes_nothing(devwiki, tmp_path, capsys, fixture, expected):
    """A bad file next to a good one: exit 1, one line naming file and field, no page written."""
    root = f"LDWG bad input {fixture}"
    folder = sources(tmp_path, "2022-07")
    shutil.copy(FIXTURES / fixture, folder / fixture)
    cfg = write_config(
        tmp_path, devwiki, sources=folder, root=root, page=f"{root}/Updates", box=f"Template:{root} box"
    )
    code, out, err = publish(capsys, cfg)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and fixture in lines[0] and expected in lines[0], err
    assert revisions(devwiki, f"{root}/Updates", f"Template:{root} box") == {
        f"{root}/Updates": 0,
        f"Template:{root} box": 0,
    }


def test_pages_not_the_bots_stop_before_any_write(devwiki, tmp_path, capsys):
    root = "LDWG not owned"
    page, box = f"{root}/Updates", f"Template:{root} box"
    human = devwiki.client("Tomás R")
    human.edit(page, text="Intro.\n\n== June 2022 ==\nHuman text.\n")
    human.edit(box, text="A box a human wrote by hand.\n")
    folder = sources(tmp_path, "2022-07")
    cfg = write_config(tmp_path, devwiki, sources=folder, root=root, page=page, box=box)
    code, out, err = publish(capsys, cfg)
    assert code == 1
    assert err.strip().count("\n") == 0
    assert f"{box}: the page has content but no bot section 'latest-update'" in err
    assert revisions(devwiki, page, box) == {page: 1, box: 1}  # the page was not written first

    # a human-written July section on the page: the bot will not duplicate it
    human.edit(box, text="")
    human.edit(page, text="Intro.\n\n== July 2022 ==\nHuman text.\n")
    code, out, err = publish(capsys, cfg)
    assert code == 1 and "human-written '== July 2022 ==' section" in err
    assert err.strip().startswith(f"ldwg-bot: error: {page}: line 3")
    assert revisions(devwiki, page)[page] == 2

    # a Translations: page or <page>/<lang> as target is refused
    cfg = write_config(tmp_path, devwiki, sources=folder, root=root, page=f"{root}/Updates/es", box=box)
    code, out, err = publish(capsys, cfg)
    assert code == 1 and "is a translation page" in err


def test_bad_month_option_and_draft_options(devwiki, tmp_path, capsys):
    root = "LDWG options"
    folder = sources(tmp_path, "2022-07")
    cfg = write_config(
        tmp_path, devwiki, sources=folder, root=root, page=f"{root}/Updates", box=f"Template:{root} box"
    )
    code, _, err = publish(capsys, cfg, "--month", "July")
    assert code == 1 and "--month: expected YYYY-MM" in err
    code, _, err = publish(capsys, cfg, "--month", "2022-09")
    assert code == 1 and "no update for 2022-09" in err
    code, _, err = publish(capsys, cfg, "--draft", f"{root}/Draft", "--month", "2022-09")
    assert code == 1 and "give --title, --summary" in err
    code, _, err = publish(
        capsys, cfg, "--draft", f"{root}/Draft", "--month", "2022-09", "--title", "T", "--summary", "S"
    )
    assert code == 1 and "the draft page does not exist" in err
    code, _, err = publish(capsys, cfg, "--source", str(FIXTURES / "missing-title.md"))
    assert code == 1 and "missing-title.md:" in err and "front matter has no 'title'" in err
    code, _, err = publish(capsys, cfg, "--source", str(folder / "2022-07.md"), "--month", "2022-08")
    assert code == 1 and "front matter 'month' is 2022-07, not 2022-08" in err
    assert revisions(devwiki, f"{root}/Updates")[f"{root}/Updates"] == 0
    ok(*publish(capsys, cfg, "--source", str(EXAMPLES / "2022-08.md")))
    assert months_in_order(devwiki.client().page_text(f"{root}/Updates")) == ["August 2022"]


def test_draft_page_source_and_digest(devwiki, tmp_path, capsys):
    root = "LDWG draft"
    draft = f"{root}/Draft"
    devwiki.client("Mira Santos").edit(
        draft,
        text=(
            "The group met twice in September.\n\n== Decisions ==\n"
            "* We chose a name for the plan.\n* We set dates for the calls.\n* We opened a survey.\n"
        ),
    )
    devwiki.client("Mira Santos").edit(f"{root}/Updates/es", text="Traducción.")
    cfg = write_config(
        tmp_path,
        devwiki,
        sources=tmp_path / "none",
        root=root,
        page=f"{root}/Updates",
        box=f"Template:{root} box",
    )
    digest = tmp_path / "digest.md"
    out = ok(
        *publish(
            capsys,
            cfg,
            "--draft",
            draft,
            "--month",
            "2022-09",
            "--title",
            "September 2022 update",
            "--summary",
            "Two meetings and a survey.",
            "--digest",
            str(digest),
        )
    )
    text = devwiki.client().page_text(f"{root}/Updates")
    assert months_in_order(text) == ["September 2022"]
    assert "<!--T:" not in text and "\n* We chose a name for the plan.\n" in text  # no Translate: plain
    md = digest.read_text()
    assert md.startswith("## September 2022 update\n\nTwo meetings and a survey.\n")
    assert "- We chose a name for the plan." in md
    url = devwiki.page_url(f"{root}/Updates")
    assert f"Read the full update: {url}#update-2022-09" in md
    # the one existing translation is linked (found with one allpages query)
    assert f"Also in: [español]({url}/es#update-2022-09)" in md
    assert "forum digest written to" in out


def test_the_digest_links_only_translations_that_exist(devwiki, tmp_path, capsys):
    """Issue 23: with no translation yet the digest links none (it linked every configured
    language, each to a missing page); then exactly the ones that exist."""
    root = "LDWG digest links"
    draft = f"{root}/Draft"
    devwiki.client("Mira Santos").edit(draft, text="One meeting.\n\n* A.\n* B.\n* C.\n")
    cfg = write_config(
        tmp_path,
        devwiki,
        sources=tmp_path / "none",
        root=root,
        page=f"{root}/Updates",
        box=f"Template:{root} box",
    )
    args = (
        "-simulate",
        "--draft",
        draft,
        "--month",
        "2022-10",
        "--title",
        "October 2022 update",
        "--summary",
        "One meeting.",
        "--digest",
        "-",
    )
    out = ok(*publish(capsys, cfg, *args))
    assert "## October 2022 update" in out and "Also in" not in out
    devwiki.client("Mira Santos").edit(f"{root}/Updates/pt", text="Tradução.")
    out = ok(*publish(capsys, cfg, *args))
    url = devwiki.page_url(f"{root}/Updates")
    assert f"Also in: [português]({url}/pt#update-2022-10)\n" in out


def test_simulate_on_new_pages_shows_every_diff_and_writes_nothing(devwiki, tmp_path, capsys):
    root = "LDWG simulate"
    page, box = f"{root}/Updates", f"Template:{root} box"
    cfg = write_config(
        tmp_path, devwiki, sources=sources(tmp_path, "2022-07", "2022-08"), root=root, page=page, box=box
    )
    out = ok(*publish(capsys, cfg, "-simulate", "--digest", "-"))
    assert f"--- -simulate: would edit {page} ---" in out and f"--- -simulate: would edit {box} ---" in out
    assert f"would change: {page}" in out and f"would change: {box}" in out
    assert "+== August 2022 ==\n" in out and "<!--T:" not in out and "<translate>" not in out
    assert "## Leadership Development Working Group: update for August 2022" in out  # the digest
    assert revisions(devwiki, page, box) == {page: 0, box: 0}
    assert not (tmp_path / "store.sqlite").exists()  # -simulate: not even the store


# -------------------------------------------------- a failed save part-way


def test_failed_save_part_way_is_completed_by_next_run(devwiki, tmp_path, capsys, monkeypatch):
    from ldwg_bot.errors import WikiError
    from ldwg_bot.wiki import Wiki

    root = "LDWG part way"
    page, box = f"{root}/Updates", f"Template:{root} box"
    folder = sources(tmp_path, "2022-07", "2022-08")
    cfg = write_config(tmp_path, devwiki, sources=folder, root=root, page=page, box=box)
    original = Wiki._submit_edit

    def failing(self, title, *a, **k):
        if title == box:
            raise WikiError(f"{title}: the wiki is read-only (test); nothing written")
        return original(self, title, *a, **k)

    monkeypatch.setattr(Wiki, "_submit_edit", failing)
    code, out, err = publish(capsys, cfg)
    assert code == 1 and "read-only (test)" in err
    assert revisions(devwiki, page, box) == {page: 1, box: 0}
    monkeypatch.setattr(Wiki, "_submit_edit", original)
    out = ok(*publish(capsys, cfg))
    assert f"changed: {box}" in out and f"changed: {page}" not in out
    assert revisions(devwiki, page, box) == {page: 1, box: 1}
    assert "|August 2022]]" in devwiki.client().page_text(box)


# ------------------------------------------------------------- Translate


def test_translate_accepts_units_and_outdates_only_the_edited_one(devwiki_factory, tmp_path, capsys):
    from tests.support.translate import mark_for_translation

    wiki = devwiki_factory(translate=True, name="updates-translate")
    folder = sources(tmp_path, "2022-07", "2022-08")
    cfg = write_config(tmp_path, wiki, sources=folder)
    out = ok(*publish(capsys, cfg))
    # Translate REL1_39 has no markfortranslation API: the link for a translation admin
    assert "has no markfortranslation API" in out
    assert (
        f"{wiki.url}/index.php/Special:PageTranslation?"
        "target=Leadership+Development+Working+Group%2FUpdates&do=mark"
    ) in out
    client = wiki.client()
    text = client.page_text(PAGE)
    bot_ids = set(check_translate_markup(text))

    mark_for_translation(wiki, PAGE)
    assert client.page_text(PAGE) == text  # Translate had nothing to add or move
    group = f"page-{PAGE}"

    def collection(lang: str) -> dict[str, dict]:
        data = client.get(
            action="query",
            list="messagecollection",
            mcgroup=group,
            mclanguage=lang,
            mcprop="definition|translation|tags|properties",
            mclimit="max",
        )
        return {m["key"].rsplit("/", 1)[1]: m for m in data["query"]["messagecollection"]}

    es = collection("es")
    assert set(es) - {"Page_display_title"} == bot_ids
    units = {u.id: u.text for u in parse_units(text)}
    # translators see each <tvar name="x">...</tvar> as $x
    shown = {i: re.sub(r'<tvar name="([^"]+)">.*?</tvar>', r"$\1", t) for i, t in units.items()}
    diff = {i: (es[i]["definition"], shown[i]) for i in bot_ids if es[i]["definition"] != shown[i]}
    assert not diff, diff
    stats = client.get(action="query", meta="messagegroupstats", mgsgroup=group)
    totals = {row["code"]: row["total"] for row in stats["query"]["messagegroupstats"]}
    assert totals["es"] == len(bot_ids) + 1

    # a translator translates three July units and the July paragraph that will change
    july_ids = [u.id for u in parse_units(markers.get_section(text, "update-2022-07"))]
    target = next(i for i in july_ids if units[i] == JULY_PARAGRAPH.replace("**", "'''"))
    translated = july_ids[:3] + [target]
    translator = wiki.client("Tomás R")
    for i in translated:
        translator.edit(f"Translations:{PAGE}/{i}/es", text=f"Traducción de la unidad {i}.")
    wiki.run_jobs()
    es = collection("es")
    assert all(es[i]["translation"] and "fuzzy" not in es[i]["tags"] for i in translated)

    # the paragraph is edited in the source and re-published, then re-marked
    sources(tmp_path, "2022-07", "2022-08", edited=True)
    ok(*publish(capsys, cfg))
    new_text = client.page_text(PAGE)
    assert set(check_translate_markup(new_text)) == bot_ids
    mark_for_translation(wiki, PAGE)
    wiki.run_jobs()
    es = collection("es")
    fuzzy = {i for i, m in es.items() if "fuzzy" in m["tags"]}
    assert fuzzy == {target}
    assert all(es[i]["translation"] for i in translated)
    es_page = client.get(action="parse", page=f"{PAGE}/es", prop="text")["parse"]["text"]
    assert "mw-translate-fuzzy" in es_page and f"Traducción de la unidad {july_ids[0]}." in es_page


# ------------------------------------------------- preflight (issue 12.3)


def _bot_box(client, box: str, extra: str) -> None:
    """A latest-update box the bot owns (its markers), with a human's ``extra`` text."""
    client.edit(
        box,
        text=f"{extra}\n<!-- ldwg-bot:latest-update:start -->\nold\n<!-- ldwg-bot:latest-update:end -->\n",
    )


def _boxed_group(devwiki, tmp_path: Path, root: str, box_note: str):
    """A group ``root`` whose box a human (Tomás R) keeps with ``box_note``, and the config that
    publishes July there: (page, box, the human's client, config)."""
    page, box = f"{root}/Updates", f"Template:{root} box"
    human = devwiki.client("Tomás R")
    _bot_box(human, box, box_note)
    cfg = write_config(tmp_path, devwiki, sources=sources(tmp_path, "2022-07"), root=root, page=page, box=box)
    return page, box, human, cfg


def test_every_target_is_checked_before_the_first_write(devwiki, tmp_path, capsys):
    """{{nobots}} on the box, or a box the bot may not edit, stops the run before the
    Updates page (the first write) is touched."""
    page, box, human, cfg = _boxed_group(devwiki, tmp_path, "LDWG preflight", "{{nobots}}")
    code, out, err = publish(capsys, cfg)
    assert code == 1 and len([ln for ln in err.splitlines() if "error" in ln]) == 1, err
    assert f"{box}: {{{{bots}}}}/{{{{nobots}}}} on the page forbids" in err and "nothing written" in err
    assert revisions(devwiki, page, box) == {page: 0, box: 1}

    _bot_box(human, box, "A human note.")
    admin = devwiki.client("Admin")
    admin.post(action="protect", title=box, protections="edit=sysop", reason="test", token=admin.token())
    code, out, err = publish(capsys, cfg)
    assert code == 1 and f"{box}: the bot may not edit this page" in err, err
    assert revisions(devwiki, page, box) == {page: 0, box: 3}  # protecting adds a null revision


def test_a_later_failure_lists_what_was_written(devwiki, tmp_path, capsys, monkeypatch):
    """A write that fails after others succeeded (a human added {{nobots}} meanwhile):
    the error says which pages this run already wrote."""
    from ldwg_bot.wiki import Wiki

    page, box, human, cfg = _boxed_group(devwiki, tmp_path, "LDWG later failure", "A human note.")
    original = Wiki.edit

    def edit(self, title, *a, **k):
        if title == box:
            _bot_box(human, box, "{{nobots}}")
        return original(self, title, *a, **k)

    monkeypatch.setattr(Wiki, "edit", edit)
    code, out, err = publish(capsys, cfg)
    assert code == 1
    assert revisions(devwiki, page)[page] == 1
    assert f"already written in this run: {page} (revision " in err, err
    assert f"changed: {page}" in out


def test_a_page_over_maxarticlesize_stops_before_the_first_write(devwiki_factory, tmp_path, capsys):
    """The box would grow past the wiki's $wgMaxArticleSize: found before any write."""
    wiki = devwiki_factory(name="small-pages", seed=False)
    (wiki.dir / "settings.d" / "maxsize.php").write_text("<?php\n$wgMaxArticleSize = 64;\n")
    root = "LDWG size"
    page, box = f"{root}/Updates", f"Template:{root} box"
    _bot_box(wiki.client("Tomás R"), box, "x" * (64 * 1024 - 200))
    cfg = write_config(tmp_path, wiki, sources=sources(tmp_path, "2022-07"), root=root, page=page, box=box)
    code, out, err = publish(capsys, cfg)
    assert code == 1 and f"{box}: the new text would be" in err and "65536" in err, err
    assert revisions(wiki, page, box) == {page: 0, box: 1}


# ------------------------------------------- human words (issue 12.1)


def test_a_human_fix_inside_a_month_is_kept_conflicts_stop_and_overwrite(devwiki, tmp_path, capsys):
    root = "LDWG human fix"
    page, box = f"{root}/Updates", f"Template:{root} box"
    folder = sources(tmp_path, "2022-07")
    cfg = write_config(tmp_path, devwiki, sources=folder, root=root, page=page, box=box)
    ok(*publish(capsys, cfg))
    client, human = devwiki.client(), devwiki.client("Nadia K")
    text = client.page_text(page)
    assert "working on the '''first goal'''" in text
    fixed = text.replace("working on the '''first goal'''", "working on the '''first goal''' (fixed)")
    human.edit(page, text=fixed)

    # source unchanged, wiki changed: the human's text stays, the report says so
    before = revisions(devwiki, page, box)
    out = ok(*publish(capsys, cfg))
    assert f"{page}: July 2022: edited on the wiki since the last publish: kept" in out
    assert client.page_text(page) == fixed
    assert revisions(devwiki, page, box) == before

    # source changed too: nothing written for the month, both diffs, exit 1 with one line
    sources(tmp_path, "2022-07", edited=True)
    code, out, err = publish(capsys, cfg)
    assert code == 1
    errors = [ln for ln in err.splitlines() if ln.startswith("ldwg-bot: error:")]
    assert len(errors) == 1 and "--overwrite 2022-07" in errors[0], err
    assert "+Right now we are working on the '''first goal''' (fixed)" in out  # the wiki's edit
    assert "small drafting team" in out  # the source's
    assert client.page_text(page) == fixed
    assert revisions(devwiki, page)[page] == before[page]

    # --overwrite after a look: the source wins, the replaced text is in the report
    out = ok(*publish(capsys, cfg, "--overwrite", "2022-07"))
    new = client.page_text(page)
    assert "(fixed)" not in new and "small drafting team" in new
    assert f"replaced an edit made on the wiki: {page} (update-2022-07)" in out
    assert "-Right now we are working on the '''first goal''' (fixed)" in out

    # the box: a human edit inside the markers may be replaced, but the report says so
    box_text = client.page_text(box)
    human.edit(box, text=box_text.replace("'''Latest update:'''", "'''Newest update:'''"))
    sources(tmp_path, "2022-07", "2022-08")
    out = ok(*publish(capsys, cfg))
    assert f"replaced an edit made on the wiki: {box} (latest-update)" in out
    assert "-'''Newest update:'''" in out
