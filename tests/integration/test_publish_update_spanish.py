"""publish-update on a wiki whose content language is Spanish (issue 25 part 3), end to end.

One Spanish devwiki for the module (MediaWiki 1.39, ``$wgLanguageCode = "es"``, no Translate,
so the pages are plain wikitext). The update files are Spanish too, so any English a reader
sees on the parsed pages is the bot's. Checked on what MediaWiki shows: the parsed HTML's text
(link targets, i.e. the configured subpage titles, are identities and stay as configured), the
edit summaries in ``list=recentchanges``, and the month names against the wiki's own messages.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from ldwg_bot import i18n
from tests.helpers import main_in_process, site_toml, updates_group_toml

pytestmark = pytest.mark.integration

ROOT = "Grupo LDWG"
BOX = "Plantilla:LDWG última actualización"
SOURCES = {
    "2022-07": (
        "Novedades de julio",
        "Nos reunimos y acordamos tres metas.",
        "## Hecho\n\nNos reunimos en línea.",
    ),
    "2022-08": (
        "Novedades de agosto",
        "Abrimos el borrador a comentarios.",
        "## Próximos pasos\n\nLeed el borrador.",
    ),
}
#: the English words a Spanish page must not show (en.json's publish-update messages)
ENGLISH = ("Latest update", "publish update", "publish index", "publish latest update", "July", "August")


@pytest.fixture(scope="module")
def eswiki(devwiki_factory):
    return devwiki_factory(lang="es", name="updates-es")


class _Text(HTMLParser):
    """The text a reader sees in parsed HTML (no attributes: no hrefs, no titles)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(wiki, title: str) -> str:
    html = wiki.client().get(action="parse", page=title, prop="text")["parse"]["text"]
    reader = _Text()
    reader.feed(html)
    return " ".join("".join(reader.parts).split())


def summaries(wiki, titles: set[str]) -> dict[str, list[str]]:
    """The bot's edit summaries per page, from the wiki's recent changes."""
    changes = wiki.client().get(
        action="query", list="recentchanges", rcprop="title|comment|user", rclimit=500, rcuser="LdwgBot"
    )["query"]["recentchanges"]
    out: dict[str, list[str]] = {}
    for change in changes:
        if change["title"] in titles:
            out.setdefault(change["title"], []).append(change["comment"])
    return out


def wiki_month_names(wiki) -> list[str]:
    """The wiki's own month names (its content language's MediaWiki messages)."""
    keys = "january|february|march|april|may_long|june|july|august|september|october|november|december"
    found = wiki.client().get(action="query", meta="allmessages", ammessages=keys)["query"]["allmessages"]
    return [m["content"] for m in found]


def config(tmp_path: Path, wiki, page: str, box: str, **updates: str) -> Path:
    folder = tmp_path / "updates"
    folder.mkdir(exist_ok=True)
    for month, (title, summary, body) in SOURCES.items():
        text = f'---\nmonth: {month}\ntitle: "{title}"\nsummary: "{summary}"\n---\n\n{body}\n'
        (folder / f"{month}.md").write_text(text, encoding="utf-8")
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        site_toml(tmp_path / "store.sqlite", wiki)
        + updates_group_toml(
            root=ROOT, sources=folder, page=page, box=box, announce_list=f"{ROOT}/Lista", **updates
        ),
        encoding="utf-8",
    )
    return cfg


def publish(capsys, cfg: Path) -> str:
    code, out, err = main_in_process(capsys, "publish-update", "--config", str(cfg))
    assert code == 0, f"exit {code}\n{out}\n{err}"
    return out


def revision_counts(wiki, titles) -> dict[str, int]:
    client = wiki.client()
    return {t: len(client.revisions(t)) for t in titles}


def assert_spanish(text: str, where: str) -> None:
    leaked = [word for word in ENGLISH if word in text]
    assert not leaked, f"{where}: English {leaked} in {text!r}"


def test_wiki_is_spanish_and_labels_use_its_month_names(eswiki):
    names = wiki_month_names(eswiki)
    assert names[6:8] == ["julio", "agosto"]
    assert [i18n.message("es", f"ldwg-bot-month-{n}", 2022) for n in range(1, 13)] == [
        f"{name} de 2022" for name in names
    ]


def test_subpages_index_and_box_in_spanish(eswiki, tmp_path, capsys):
    index, box = f"{ROOT}/Actualizaciones", BOX
    july, august = f"{ROOT}/Updates/July 2022", f"{ROOT}/Updates/August 2022"  # the configured pattern
    cfg = config(tmp_path, eswiki, page="", box=box, layout="subpages", index_page=index)
    out = publish(capsys, cfg)
    titles = (july, august, index, box)
    for title in titles:
        assert f"changed: {title}" in out

    index_text = shown(eswiki, index)
    assert "Agosto de 2022: Abrimos el borrador a comentarios." in index_text
    assert index_text.index("Agosto de 2022") < index_text.index("Julio de 2022")
    assert_spanish(index_text, index)
    box_text = shown(eswiki, box)
    assert "Última actualización: agosto de 2022" in box_text and "Novedades de agosto" in box_text
    assert_spanish(box_text, box)
    assert "Nos reunimos en línea." in shown(eswiki, july)

    got = summaries(eswiki, set(titles))
    expected = {
        july: i18n.message("es", "ldwg-bot-update-edit-summary-page", "julio de 2022"),
        august: i18n.message("es", "ldwg-bot-update-edit-summary-page", "agosto de 2022"),
        index: i18n.message("es", "ldwg-bot-update-edit-summary-index", "julio de 2022, agosto de 2022"),
        box: i18n.message("es", "ldwg-bot-update-edit-summary-box", "agosto de 2022"),
    }
    for title, summary in expected.items():
        assert len(got[title]) == 1 and got[title][0].startswith(summary), (title, got[title])
        assert_spanish(got[title][0], f"edit summary of {title}")

    before = revision_counts(eswiki, titles)
    assert "publish-update: no change" in publish(capsys, cfg)
    assert revision_counts(eswiki, titles) == before


def test_sections_page_in_spanish(eswiki, tmp_path, capsys):
    page, box = f"{ROOT}/Novedades", f"{BOX} (secciones)"
    cfg = config(tmp_path, eswiki, page=page, box=box)
    publish(capsys, cfg)
    wikitext = eswiki.client().page_text(page) or ""
    assert re.findall(r"^== (.+?) ==", wikitext, re.M) == ["Agosto de 2022", "Julio de 2022"]
    text = shown(eswiki, page)
    assert "Agosto de 2022" in text and "Nos reunimos en línea." in text
    assert_spanish(text, page)
    assert "Última actualización: agosto de 2022" in shown(eswiki, box)
    got = summaries(eswiki, {page, box})
    assert got[page] and got[page][0].startswith(
        "ldwg-bot: publica la actualización de julio de 2022, agosto"
    )
    assert got[box][0].startswith("ldwg-bot: publica la última actualización: agosto de 2022")

    before = revision_counts(eswiki, (page, box))
    assert "publish-update: no change" in publish(capsys, cfg)
    assert revision_counts(eswiki, (page, box)) == before
