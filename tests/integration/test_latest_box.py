"""The latest-update box on the group's pages, as a reader sees it (issue 25, part 6).

The rule is in :mod:`ldwg_bot.updates.latest_box`. Here it is checked by
rendering pages through the devwiki's ``action=parse``:

* everywhere (CI too): what MediaWiki core does without Translate -- the
  bot's copy of the box renders as the box, and ``{{Special:MyLanguage/...}}``
  is not transcluded (a link), which is why the pages use the plain name;
* with a live Translate (``LDWG_BOT_EXTENSIONS``; REL1_39 on 1.39, or REL1_43
  with ``LDWG_BOT_MEDIAWIKI=1.43``): the main page and a translation of a
  page that includes the box, before and after Translate's job queue runs,
  with the box's translation missing, present and outdated.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ldwg_bot.updates.latest_box import source_copy
from ldwg_bot.updates.subpages import render_latest_box
from ldwg_bot.updates.translatable import parse_units
from tests.helpers import main_in_process, site_toml, updates_group_toml
from tests.unit.updates.util import update

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "ldwg_bot" / "examples" / "updates"
ROOT = "Leadership Development Working Group"
PAGE = f"{ROOT}/Updates"
BOX = "Template:LDWG latest update"
JULY = "started on the first one: a shared definition of leadership"
AUGUST = "open for feedback in any language"
SPANISH = "RESUMEN DE LA CAJA EN ESPAÑOL"


def rendered(wiki, title: str | None = None, text: str | None = None) -> tuple[str, str]:
    """(visible text, html) of a page, or of ``text`` parsed as a page of the wiki."""
    params = {"page": title} if title else {"text": text, "title": "Box reader", "contentmodel": "wikitext"}
    html = wiki.client().get(action="parse", prop="text", **params)["parse"]["text"]
    html = html["*"] if isinstance(html, dict) else html
    visible = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    return visible.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"), html


def box_shown(wiki, title: str, *expected: str) -> str:
    """The box's content, not a link to the template nor Translate's markup."""
    visible, _ = rendered(wiki, title)
    assert "Latest update:" in visible, (title, visible)
    assert BOX not in visible and "Special:MyLanguage" not in visible, (title, visible)
    assert "<translate" not in visible and "tvar" not in visible, (title, visible)
    for words in expected:
        assert words in visible, (title, words, visible)
    return visible


# ------------------------------------------------------ MediaWiki core (no Translate)


def test_the_copy_renders_as_the_box_and_my_language_is_not_transcluded(devwiki):
    box = f"{BOX} copy"
    text, _ = render_latest_box(update("Body.", summary="We met online."), PAGE, None, 0, True)
    client = devwiki.client()
    client.edit(f"{box}/en", text=source_copy(text), summary="copy")
    visible, html = rendered(devwiki, text=f"{{{{{box[len('Template:') :]}/en}}}}")
    assert "Latest update:" in visible and "July 2022" in visible and "<translate" not in visible
    assert re.search(r'<a href="[^"]*Updates"[^>]*>July 2022</a>', html)
    # Parser.php transcludes a special page only when it is includable; MyLanguage is not
    visible, html = rendered(devwiki, text=f"{{{{Special:MyLanguage/{box}/en}}}}")
    assert "Latest update:" not in visible and f"Special:MyLanguage/{box}/en" in visible


# ------------------------------------------------------------- live Translate


def _config(tmp_path: Path, wiki, months: tuple[str, ...]) -> Path:
    folder = tmp_path / "updates"
    folder.mkdir(exist_ok=True)
    for old in folder.glob("*.md"):
        old.unlink()
    for month in months:
        (folder / f"{month}.md").write_text(
            (EXAMPLES / f"{month}.md").read_text(encoding="utf-8"), encoding="utf-8"
        )
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        site_toml(tmp_path / "store.sqlite", wiki)
        + updates_group_toml(root=ROOT, sources=folder, page=PAGE, box=BOX)
    )
    return cfg


def _publish(capsys, cfg: Path) -> str:
    code, out, err = main_in_process(capsys, "publish-update", "--config", str(cfg), "--no-announce")
    assert code == 0, f"{out}\n{err}"
    return out


def _marked(wiki, out: str, first: bool) -> None:
    """The bot marked the box (REL1_43's API); else a translation admin does, jobs left queued."""
    from tests.support.translate import mark_for_translation

    if "has no markfortranslation API" in out:
        mark_for_translation(wiki, BOX, translate_title=False, run_jobs=False)
    else:
        assert f"{BOX}: marked for translation{' (first time)' if first else ''}" in out, out


def _last_author(wiki, title: str) -> str:
    return wiki.client().revisions(title)[0]["user"]


def test_the_box_is_shown_at_every_moment(devwiki_factory, tmp_path, capsys):
    wiki = devwiki_factory(translate=True, name="latest-box")
    # as on Meta, the bot may mark pages (REL1_43's API; REL1_39 has none and gives the link)
    (wiki.dir / "settings.d" / "30-bot-marks.php").write_text(
        "<?php\n$wgGroupPermissions['bot']['pagetranslation'] = true;\n"
        "$wgGrantPermissions['editpage']['pagetranslation'] = true;\n"
    )
    admin = wiki.client("Admin")
    cfg = _config(tmp_path, wiki, ("2022-07",))

    # first publication: the bot writes the box and its copy, then it is marked
    out = _publish(capsys, cfg)
    assert f"{BOX}/en: written" in out, out
    _marked(wiki, out, first=True)
    box_shown(wiki, ROOT, "July 2022", JULY)  # before the jobs: the copy
    wiki.run_jobs()
    assert _last_author(wiki, f"{BOX}/en") == "FuzzyBot"  # Translate owns it now
    box_shown(wiki, ROOT, "July 2022", JULY)

    # a page that includes the box, made translatable and translated into Spanish
    reader = "LDWG box reader"
    admin.edit(
        reader,
        text="<languages/>\n<translate>\n<!--T:1-->\nWhat the group does.\n</translate>\n\n"
        "{{LDWG latest update}}\n",
        summary="translatable page with the box",
    )
    from tests.support.translate import mark_for_translation

    mark_for_translation(wiki, reader)
    translator = wiki.client("Tomás R")
    translator.edit(f"Translations:{reader}/1/es", text="Lo que hace el grupo.", summary="es")
    wiki.run_jobs()
    box_shown(wiki, f"{reader}/es", "Lo que hace el grupo.", "July 2022", JULY)  # box/es missing
    summary = next(u.id for u in parse_units(admin.page_text(BOX)) if JULY in u.text)
    translator.edit(f"Translations:{BOX}/{summary}/es", text=SPANISH, summary="es")
    box_shown(wiki, f"{reader}/es", JULY)  # saved, its page not made yet
    wiki.run_jobs()
    box_shown(wiki, f"{reader}/es", SPANISH)
    box_shown(wiki, ROOT, JULY)

    # the next month: a new summary is a new unit (the bot's numbering), so the Spanish
    # reader gets August in English until it is translated, never July's summary
    cfg = _config(tmp_path, wiki, ("2022-07", "2022-08"))
    out = _publish(capsys, cfg)
    assert f"{BOX}/en" not in out, out  # never written again
    _marked(wiki, out, first=False)
    box_shown(wiki, ROOT)  # before the jobs: the last render
    box_shown(wiki, f"{reader}/es")
    wiki.run_jobs()
    box_shown(wiki, ROOT, "August 2022", AUGUST)
    visible = box_shown(wiki, f"{reader}/es", "August 2022", AUGUST)
    assert SPANISH not in visible
