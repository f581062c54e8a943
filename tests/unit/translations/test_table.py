"""Rendering the table, parsing it back, and the "only numbers count" rule."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import mwparserfromhell
from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.text import markers
from ldwg_bot.text.wikitext import escape_wikitext
from ldwg_bot.translations.model import (
    BAND_BACKGROUNDS,
    CURRENT,
    MISSING,
    NOT_TRANSLATABLE,
    OUTDATED,
    PARTIAL,
    UNKNOWN,
    Cell,
)
from ldwg_bot.translations.stats import cells_from_group_stats, fetch_group_stats
from ldwg_bot.translations.table import (
    ASOF_MARK,
    autonyms_from_response,
    canonical,
    languageinfo_params,
    parse_numbers,
    php_urlencode,
    render_table,
    table_changed,
    translate_link,
)
from tests.helpers import outside_text

from .fakes import PAGE, FakeRequest, Sleeps, cells_from_numbers, local_fixture, table_numbers_changed

AS_OF = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)
LANGS = ["ar", "es", "fr", "pt"]
NAMES = {"ar": "العربية", "es": "español", "fr": "français", "pt": "português"}
OTHER = "Leadership Development Working Group/Charter"


def final_cells() -> list[Cell]:
    stats = fetch_group_stats(
        FakeRequest("messagegroupstats_final_fv2.json"), PAGE, wanted=set(LANGS), sleep=Sleeps()
    )
    return cells_from_group_stats(
        stats, LANGS, last_changes={"es": datetime(2026, 11, 20, 8, 30, tzinfo=UTC)}
    )


def other_cells() -> list[Cell]:
    when = datetime(2026, 11, 1, tzinfo=UTC)
    return [
        Cell(OTHER, "ar", CURRENT, last_change=when),
        Cell(OTHER, "es", OUTDATED, last_change=when),
        Cell(OTHER, "fr", MISSING),
        Cell(OTHER, "pt", UNKNOWN),
    ]


def render(cells=None, **kw):
    args = dict(pages=[PAGE, OTHER], languages=LANGS, names=NAMES, as_of=AS_OF, without_translate={OTHER})
    args.update(kw)
    return render_table(final_cells() + other_cells() if cells is None else cells, **args)


def table_rows(text: str) -> list[list]:
    """[[(tag, attrs, text), ...] per row] of the one table, via mwparserfromhell."""
    code = mwparserfromhell.parse(text)
    tables = code.filter_tags(matches=lambda n: n.tag == "table")
    assert len(tables) == 1
    rows = []
    for tr in tables[0].contents.filter_tags(recursive=False, matches=lambda n: n.tag == "tr"):
        cells = []
        for cell in tr.contents.filter_tags(recursive=False, matches=lambda n: n.tag in ("td", "th")):
            attrs = {str(a.name).strip(): str(a.value) for a in cell.attributes}
            cells.append((str(cell.tag), attrs, str(cell.contents).strip()))
        rows.append(cells)
    return rows


def test_structure_parses_back():
    text = render()
    assert text.startswith(ASOF_MARK + "''Data as of 2026-11-25 19:00 UTC.''\n")
    code = mwparserfromhell.parse(text)
    table = code.filter_tags(matches=lambda n: n.tag == "table")[0]
    assert 'class="wikitable sortable"' in str(table.attributes[0])
    rows = table_rows(text)
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    assert [c[0] for c in header] == ["th"] * 4
    assert [c[2] for c in header[:2]] == ["Code", "Language"]
    assert f"[[:{PAGE}|{PAGE}]]" == header[2][2]
    assert [r[0][2] for r in body] == LANGS
    assert all(len(r) == 4 for r in body)
    assert 'lang="ar"' in body[0][1][2] and "العربية" in body[0][1][2]
    assert totals[0][2] == "Total" and totals[0][1]["colspan"] == "2"


def test_cells_show_percent_band_outdated_and_links():
    rows = {r[0][2]: r for r in table_rows(render())[1:-1]}
    ar = rows["ar"][2]
    assert ar[1]["style"] == f"background:{BAND_BACKGROUNDS['high']}"  # 71 %
    assert ar[1]["data-sort-value"] == "71"
    assert "'''71%'''" in ar[2] and "2 outdated" in ar[2]
    assert f"[[:{PAGE}/ar|page]]" in ar[2]
    assert (
        "[{{fullurl:Special:Translate|group=page-Leadership+Development+Working+Group"
        "%2FUpdates&action=page&filter=&language=ar}} translate]"
    ) in ar[2]
    es = rows["es"][2]
    assert BAND_BACKGROUNDS["complete"] in es[1]["style"] and "2026-11-20" in es[2]
    pt = rows["pt"][2]
    assert BAND_BACKGROUNDS["med"] in pt[1]["style"] and "'''43%'''" in pt[2]
    fr = rows["fr"][2]
    assert fr[2].startswith("missing") and "start]" in fr[2]  # a distinct cell, not "0%"


def test_cells_without_translate_and_unknown():
    rows = {r[0][2]: r for r in table_rows(render())[1:-1]}
    assert rows["ar"][3][2].startswith(CURRENT) and "Special:Translate" not in rows["ar"][3][2]
    assert rows["es"][3][2].startswith(OUTDATED)
    assert rows["pt"][3][2].startswith("?") and rows["pt"][3][1]["data-sort-value"] == "-1"


def test_totals_row():
    totals = table_rows(render())[-1]
    assert totals[1][2].startswith("'''54%'''")  # 15 of 28 units
    assert "1 complete · 1 partial · 1 outdated · 1 missing" in totals[1][2]
    assert "1 current · 1 outdated · 1 missing · 1 unknown" in totals[2][2]
    assert "sortbottom" in render()


def test_change_since_last_edit():
    text = render(previous={(PAGE, "ar"): 59, (PAGE, "es"): 100, (PAGE, "pt"): 50})
    rows = {r[0][2]: r for r in table_rows(text)[1:-1]}
    assert '<small class="ldwg-delta">(+12%)</small>' in rows["ar"][2][2]
    assert "(-7%)" in rows["pt"][2][2]
    assert "ldwg-delta" not in rows["es"][2][2] and "ldwg-delta" not in rows["fr"][2][2]


def test_not_translatable_page():
    stats = fetch_group_stats(
        FakeRequest("messagegroupstats_error_not_translatable_page_fv2.json"),
        "Main Page",
        wanted=set(LANGS),
        sleep=Sleeps(),
    )
    cells = final_cells() + cells_from_group_stats(stats, LANGS)
    text = render(cells, pages=[PAGE, "Main Page"], without_translate=())
    header = table_rows(text)[0]
    assert "(not translatable)" in header[3][2]
    assert all(r[3][2] == "n/a" for r in table_rows(text)[1:-1])
    assert all(
        c.state == NOT_TRANSLATABLE for c in cells_from_numbers(parse_numbers(text)) if c.page == "Main Page"
    )


def test_numbers_round_trip():
    cells = final_cells() + other_cells()
    assert sorted(cells_from_numbers(parse_numbers(render(cells))), key=lambda c: c.key) == sorted(
        cells, key=lambda c: c.key
    )


def test_time_alone_is_no_change():
    old = render(previous={(PAGE, "ar"): 59})  # as saved at the last edit, with "+12%"
    new = render(as_of=AS_OF + timedelta(hours=6), previous={(PAGE, "ar"): 71})
    assert old != new and canonical(old) == canonical(new)
    assert not table_changed(old, new)
    assert not table_numbers_changed(old, final_cells() + other_cells(), pages=[PAGE, OTHER], languages=LANGS)


def test_a_changed_number_is_a_change():
    old = render()
    cells = final_cells() + other_cells()
    cells[3] = Cell(PAGE, "pt", PARTIAL, total=7, translated=4, outdated=0, proofread=0, percent=57)
    new = render(cells)
    assert table_changed(old, new) and table_numbers_changed(old, cells)


def test_layout_and_names_are_changes():
    old = render()
    assert table_changed(old, render(pages=[OTHER, PAGE]))
    assert table_changed(old, render(names={**NAMES, "fr": "Français"}))
    assert table_numbers_changed(old, final_cells() + other_cells(), pages=[OTHER, PAGE])
    assert table_changed(None, old) and table_numbers_changed(None, [])
    assert table_numbers_changed("a table a human wrote", [])


def test_inside_bot_markers():
    page = "Intro by humans.\n\n" + markers.wrap("translation-status", "old") + "\n\nOutro."
    text = render()
    saved = markers.replace_section(page, "translation-status", text)
    inner = markers.get_section(saved, "translation-status")
    assert not table_changed(inner, render(as_of=AS_OF + timedelta(days=1)))
    assert outside_text(saved) == outside_text(page)


def test_escaping_hostile_titles_and_names():
    title = "O'Neil''s __NOTOC__ A!!B; x=1 http://e.org ISBN 123"
    name = "{{evil}} [[link]] | x ~~~~ <b>"
    cells = [Cell(title, "es", PARTIAL, total=4, translated=1, outdated=0, proofread=0, percent=25)]
    text = render_table(cells, pages=[title], languages=["es"], names={"es": name}, as_of=AS_OF)
    rows = table_rows(text)
    assert len(rows[0]) == 3 and len(rows[1]) == 3 and len(rows[2]) == 2
    for bad in ("''s", "__NOTOC", "!!", "{{evil", "[[link", "~~~~", "<b>", "http://", "ISBN 1"):
        assert bad not in text.split("<!--")[0].replace("'''25%'''", "")
    assert parse_numbers(text)["cells"][0][0] == title
    decoded = re.sub(r"&#(\d+);", lambda m: chr(int(m.group(1))), escape_wikitext(title))
    assert decoded == title


def test_comment_cannot_be_closed_by_a_title():
    title = "A-->B"
    cells = [Cell(title, "es", MISSING, total=1, translated=0, outdated=0, proofread=0, percent=0)]
    text = render_table(cells, pages=[title], languages=["es"], names={}, as_of=AS_OF)
    assert text.count("-->") == 1 and parse_numbers(text)["pages"] == [title]


def test_translate_link_encoding_is_php_urlencode():
    assert php_urlencode("page-A & B/C~d+é") == "page-A+%26+B%2FC%7Ed%2B%C3%A9"
    assert "group=page-A%27s+%21%21+x&action=page" in translate_link("A's !! x", "es", "translate")


def test_languageinfo():
    params = languageinfo_params(["es", "ar"] + [f"x{i:02d}" for i in range(60)])
    assert len(params) == 2 and params[0]["liprop"] == "autonym"
    assert params[0]["licode"].split("|")[:2] == ["ar", "es"]
    names = autonyms_from_response(local_fixture("languageinfo_autonym_fv2.json"))
    assert names["ar"] == "العربية" and names["zh-hans"] == "中文（简体）"
    assert "xx-invalid" not in names
    assert autonyms_from_response(local_fixture("languageinfo_autonym_default_format.json")) == {
        "ar": "العربية",
        "es": "español",
    }


titles = st.text(
    st.characters(blacklist_characters="#<>[]|{}_\n\r\t", blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() == t and "  " not in t and "~~~" not in t)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(titles, min_size=1, max_size=3, unique=True),
    st.dictionaries(st.sampled_from(LANGS), st.text(max_size=20)),
    st.lists(st.integers(0, 9), min_size=4, max_size=4),
)
def test_any_titles_keep_the_table_shape(pages, names, counts):
    cells = [
        Cell(
            p,
            code,
            PARTIAL if n else MISSING,
            total=9,
            translated=n,
            outdated=0,
            proofread=0,
            percent=round(100 * n / 9),
        )
        for p in pages
        for code, n in zip(LANGS, counts, strict=True)
    ]
    text = render_table(cells, pages=pages, languages=LANGS, names=names, as_of=AS_OF)
    rows = table_rows(text)
    assert len(rows) == 1 + len(LANGS) + 1
    assert all(len(r) == 2 + len(pages) for r in rows[:-1]) and len(rows[-1]) == 1 + len(pages)
    assert sorted(cells_from_numbers(parse_numbers(text)), key=lambda c: c.key) == sorted(
        cells, key=lambda c: c.key
    )
