"""Translate's recorded answers through the real HTTP client (no Translate here).

A devwiki without Translate stands behind the replay proxy (:mod:`tests.replay`);
the proxy answers the Translate requests from ``../shared/fixtures/translate``
and the rest -- login, pages, edits -- is the devwiki's own. Each recorded
state of the statistics cache, each recorded error and each REL1_43 answer
to ``action=markfortranslation`` has a test of what the bot does and says.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import requests

from ldwg_bot.devwiki.seed import upload_files
from ldwg_bot.translations.stats import fetch_group_stats
from ldwg_bot.updates.translate_admin import Marker
from ldwg_bot.wiki import Wiki
from tests.conftest import register_with_pywikibot
from tests.helpers import main_in_process, site_toml, updates_group_toml
from tests.replay import TranslateReplay, recordings, rel1_43

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "ldwg_bot" / "examples" / "updates"
ROOT = "Leadership Development Working Group"
PAGE = f"{ROOT}/Updates"
BOX = "Template:LDWG latest update"
FIRSTMARK = rel1_43("markfortranslation_success_firstmark")
AGAIN = rel1_43("markfortranslation_success_again_no_change")
WANTED = {"es", "pt", "ar", "fr"}


@pytest.fixture(scope="module")
def plainwiki(devwiki_factory):
    """A devwiki without Translate, with what Translate's extension.json registers and the
    replayed answers assume: the 'pagetranslation' right (also in the 'editpage' grant of
    BotPasswords) and its 'pagetranslation' log type, whose entries the bot reads before
    marking (core's list=logevents answers; no page here was ever marked, so it is empty)."""
    wiki = devwiki_factory(name="translate-replay", seed=False)
    (wiki.dir / "settings.d" / "20-pagetranslation.php").write_text(
        "<?php\n$wgGroupPermissions['bot']['pagetranslation'] = true;\n"
        "$wgGrantPermissions['editpage']['pagetranslation'] = true;\n"
        "$wgLogTypes[] = 'pagetranslation';\n"
    )
    upload_files(wiki)  # the example update's image
    return wiki


def connect(replay: TranslateReplay, wiki) -> Wiki:
    family = f"proxy{replay.port}"
    register_with_pywikibot(wiki, family)
    return Wiki.connect(family, family, api_url=replay.api_url, user="LdwgBot")


def reader(wiki: Wiki):
    """The request callable the translation-status reader gives fetch_group_stats."""
    return lambda params: wiki.request(**params)


def config(
    tmp_path: Path,
    replay: TranslateReplay,
    wiki,
    *,
    page: str,
    box: str,
    sources: Path = EXAMPLES,
    extra: str = "",
) -> Path:
    family = f"proxy{replay.port}"
    register_with_pywikibot(wiki, family)
    cfg = tmp_path / f"{family}.toml"
    cfg.write_text(
        site_toml(tmp_path / "store.sqlite", wiki, family=family, api=replay.api_url)
        + updates_group_toml(root=ROOT, sources=sources, page=page, box=box, extra=extra)
    )
    return cfg


def publish(capsys, cfg: Path, *args: str) -> tuple[int, str, str]:
    return main_in_process(capsys, "publish-update", "--config", str(cfg), "-always", *args)


def posts(replay: TranslateReplay, action: str) -> list[dict]:
    return [p for m, _, p in replay.requests() if m == "POST" and p.get("action") == action]


# ----------------------------------------------------------- the replay itself


def test_replay_serves_recorded_bytes_and_headers(plainwiki):
    """Translate's tpt-* errors come without the MediaWiki-API-Error header; core's do not."""
    with TranslateReplay(plainwiki) as replay:
        replay.serve(
            rel1_43("markfortranslation_error_notsuitable"),
            rel1_43("markfortranslation_error_permissiondenied"),
        )
        form = {"action": "markfortranslation", "title": "Main Page", "format": "json"}
        first = requests.post(replay.api_url, data=form, timeout=30)
        second = requests.post(replay.api_url, data=form, timeout=30)
        assert first.json() == rel1_43("markfortranslation_error_notsuitable").body()
        assert "MediaWiki-API-Error" not in first.headers
        assert second.headers["MediaWiki-API-Error"] == "permissiondenied"
        siteinfo = requests.get(
            replay.api_url,
            params={
                "action": "query",
                "meta": "siteinfo",
                "siprop": "general|extensions",
                "format": "json",
                "formatversion": "2",
            },
            timeout=30,
        ).json()
        assert "Translate" in {e["name"] for e in siteinfo["query"]["extensions"]}
        assert siteinfo["query"]["general"]["server"] == plainwiki.url  # the rest is the devwiki's
        assert replay.pending() == []


# ------------------------------------------------------- statistics cache states


@pytest.mark.parametrize(
    "answers,expected",
    [
        (["messagegroupstats_final_fv2.json"], {"es": (7, 0), "pt": (3, 0), "ar": (5, 2), "fr": (0, 0)}),
        (
            ["messagegroupstats_after_first_mark_fv2.json"],
            {"es": (0, 0), "pt": (0, 0), "ar": (0, 0), "fr": (0, 0)},
        ),
        (["messagegroupstats_right_after_ar_edits_fv2.json"], None),
        (["messagegroupstats_after_source_edit_before_remark_fv2.json"], None),
        (["messagegroupstats_right_after_remark_fv2.json"], None),
        (
            ["messagegroupstats_fresh_cache_fv2.json", "messagegroupstats_fresh_cache_after_jobs_fv2.json"],
            None,
        ),
        (
            [
                "messagegroupstats_partial_cache_fv2.json",
                "messagegroupstats_partial_cache_continue_before_jobs_fv2.json",
                "messagegroupstats_partial_cache_continue_after_jobs_fv2.json",
            ],
            {"es": (7, 0), "pt": (3, 0), "ar": (5, 2), "fr": (0, 0)},
        ),
    ],
)
def test_cache_states_over_http(plainwiki, answers, expected):
    """Each recorded state of Translate's statistics cache, fetched through pywikibot."""
    with TranslateReplay(plainwiki) as replay:
        replay.serve(*answers)
        wiki = connect(replay, plainwiki)
        stats = fetch_group_stats(reader(wiki), PAGE, wanted=WANTED, pause=0.01)
        assert replay.pending() == [] and stats.translatable
        served = [p for f, p in replay.served]
        assert served[0]["mgsgroup"] == f"page-{PAGE}" and "mgsoffset" not in served[0]
        if len(answers) > 1 and "partial" in answers[0]:
            assert served[1]["mgsoffset"] == "na" and served[1]["continue"] == "-||"
        recorded = {
            r["code"]: (r["translated"], r["fuzzy"])
            for f in answers[-1:]
            for r in recordings()[f].body()["query"]["messagegroupstats"]
        }
        got = {code: (row.translated, row.fuzzy) for code, row in stats.languages.items()}
        assert got == (expected or {c: recorded[c] for c in WANTED})
        assert stats.unknown == frozenset() and stats.incomplete_from is None


def test_cache_that_stays_empty_is_unknown_never_zero(plainwiki):
    """Continuations that do not move (the rebuild job has not run): bounded retries, then unknown."""
    with TranslateReplay(plainwiki) as replay:
        replay.serve("messagegroupstats_partial_cache_fv2.json")
        replay.serve("messagegroupstats_partial_cache_continue_before_jobs_fv2.json", times=2)
        stats = fetch_group_stats(
            reader(connect(replay, plainwiki)), PAGE, wanted=WANTED, retries=2, pause=0.01
        )
    assert len(replay.served) == 3 and stats.incomplete_from == "na"
    assert stats.unknown == {"pt"} and stats.languages["es"].translated == 7


@pytest.mark.parametrize(
    "answer",
    [
        "messagegroupstats_error_unknown_group_fv2.json",
        "messagegroupstats_error_not_translatable_page_fv2.json",
        "messagegroupstats_error_group_not_yet_marked_fv2.json",
    ],
)
def test_not_translatable_answers(plainwiki, answer):
    recorded = recordings()[answer]
    title = recorded.params["mgsgroup"][len("page-") :]
    with TranslateReplay(plainwiki) as replay:
        replay.serve(answer)
        stats = fetch_group_stats(reader(connect(replay, plainwiki)), title, wanted=WANTED, pause=0.01)
    assert not stats.translatable and stats.error.startswith("badparameter") and replay.pending() == []


# ------------------------------------------------------------ publish + mark


def test_rel1_39_translate_gets_markup_and_the_link(plainwiki, tmp_path, capsys):
    """Translate in siteinfo, no markfortranslation (REL1_39's badvalue): markup, one POST, links."""
    page, box = PAGE, f"{BOX} 39"  # the recorded request's title comes first
    with TranslateReplay(plainwiki) as replay:
        replay.serve("markfortranslation_error_translatable_page_admin_fv2.json")
        code, out, err = publish(capsys, config(tmp_path, replay, plainwiki, page=page, box=box))
        assert code == 0, err
        assert len(posts(replay, "markfortranslation")) == 1 and replay.pending() == []
        siteinfo_reads = [p for _, _, p in replay.requests() if "extensions" in p.get("siprop", "")]
        assert len(siteinfo_reads) <= 1  # Translate detected once per run
    for title in (page, box):
        target = title.replace(" ", "+").replace("/", "%2F").replace(":", "%3A")
        assert "has no markfortranslation API" in out and f"Special:PageTranslation?target={target}" in out
    text = plainwiki.client().page_text(page)
    assert text.startswith("<languages/>\n") and "<!--T:1-->" in text and '<tvar name="url1">' in text


def test_rel1_43_marks_each_changed_page(plainwiki, tmp_path, capsys):
    page, box = f"{PAGE} 43", f"{BOX} 43"
    with TranslateReplay(plainwiki) as replay:
        replay.serve(FIRSTMARK, FIRSTMARK)
        cfg = config(tmp_path, replay, plainwiki, page=page, box=box)
        code, out, err = publish(capsys, cfg)
        assert code == 0, err
        sent = posts(replay, "markfortranslation")
        revs = {t: plainwiki.client().revisions(t)[0]["revid"] for t in (page, box)}
        assert [(p["title"], int(p["revid"])) for p in sent] == [(page, revs[page]), (box, revs[box])]
        assert sent[0]["prioritylanguages"] == "es|pt|ar|bn|fr"  # from the sources' front matter
        assert out.count("marked for translation (first time), 3 units") == 2
        # nothing changed: no edit, nothing to mark
        code, out, err = publish(capsys, cfg)
        assert code == 0 and len(posts(replay, "markfortranslation")) == 2
        # a changed source: the page is marked again (Translate: firstmark false)
        replay.serve(AGAIN)
        folder = tmp_path / "edited"
        folder.mkdir()
        for src in EXAMPLES.glob("*.md"):
            text = src.read_text(encoding="utf-8")
            (folder / src.name).write_text(
                text.replace("first goal", "first goal, with a drafting team"), encoding="utf-8"
            )
        code, out, err = publish(
            capsys, config(tmp_path, replay, plainwiki, page=page, box=box, sources=folder)
        )
        assert code == 0 and f"{page}: marked for translation, 3 units" in out and replay.pending() == []


@pytest.mark.parametrize(
    "answer,says",
    [
        ("markfortranslation_error_permissiondenied", "the bot lacks the 'pagetranslation' right"),
        ("markfortranslation_error_oldrevision", "is not the latest (the page changed after the bot's edit)"),
        ("markfortranslation_error_notsuitable", "Translate finds no valid <translate> markup on it"),
    ],
)
def test_rel1_43_refusals_are_reported(plainwiki, tmp_path, capsys, answer, says):
    name = answer.rsplit("_", 1)[1]
    page, box = f"{PAGE} {name}", f"{BOX} {name}"
    with TranslateReplay(plainwiki) as replay:
        replay.serve(rel1_43(answer), FIRSTMARK)
        code, out, err = publish(capsys, config(tmp_path, replay, plainwiki, page=page, box=box))
        assert code == 0, err  # the pages are written; marking is reported
        line = next(ln for ln in out.splitlines() if f"{page}: " in ln and "mark" in ln)
        assert says in line and "; a translation admin should mark it: http" in line
        if name == "permissiondenied":  # known now: the box is not posted
            assert len(posts(replay, "markfortranslation")) == 1
            assert f"{box}: the bot lacks the 'pagetranslation' right" in out
        else:
            assert f"{box}: marked for translation (first time)" in out


def test_rel1_43_refused_priority_languages(plainwiki, tmp_path, capsys):
    page, box = f"{PAGE} prio", f"{BOX} prio"
    with TranslateReplay(plainwiki) as replay:
        replay.serve(
            rel1_43("markfortranslation_error_invalid_prioritylangs", prioritylanguages="es|pt|ar|bn|fr"),
            FIRSTMARK,
            FIRSTMARK,
        )
        code, out, err = publish(capsys, config(tmp_path, replay, plainwiki, page=page, box=box))
        assert code == 0, err
        sent = posts(replay, "markfortranslation")
        assert [p.get("prioritylanguages") for p in sent] == ["es|pt|ar|bn|fr", None, None]
        assert (
            f"{page}: marked for translation (first time), 3 units (without priority languages: "
            "Translate refused es|pt|ar|bn|fr: Invalid language code" in out
        )


def test_missing_page_is_never_posted(plainwiki):
    """Translate REL1_43/REL1_46 throw an internal error for a missing title: not asked."""
    with TranslateReplay(plainwiki) as replay:
        replay.serve(FIRSTMARK)
        wiki = connect(replay, plainwiki)
        result = Marker(wiki).mark(f"{ROOT}/No such page", None)
        assert not result.marked and "does not exist" in result.message
        assert posts(replay, "markfortranslation") == [] and replay.pending()


# ------------------------------------------- the same sources, without and with Translate


def test_same_sources_without_then_with_translate(plainwiki, tmp_path, capsys):
    """Plain pages on the wiki without Translate; when Translate appears (REL1_43, replayed)
    -simulate shows the switch, the run adds the markup, numbers the units and marks."""
    from ldwg_bot.text import markers
    from ldwg_bot.updates.plain import section_to_plain
    from tests.support.browser import problems
    from tests.unit.updates.util import check_translate_markup

    page, box = f"{PAGE} switch", f"{BOX} switch"
    client = plainwiki.client()
    with TranslateReplay(plainwiki, translate_installed=False) as replay:
        code, out, err = publish(capsys, config(tmp_path, replay, plainwiki, page=page, box=box))
        assert code == 0, err
        assert "this wiki has no Translate extension: pages are written as plain wikitext" in out
        assert posts(replay, "markfortranslation") == []
    plain = {t: client.page_text(t) for t in (page, box)}
    for title, text in plain.items():
        for markup in ("<languages", "<translate", "<!--T:", "<tvar"):
            assert markup not in text, (title, markup)
        html = client.get(action="parse", page=title, prop="text")["parse"]["text"]
        # this wiki is not seeded, so links to the example pages are red; nothing else may show
        assert problems(f'<div id="mw-content-text">{html}</div>', allowed_red=("",)) == [], title

    with TranslateReplay(plainwiki) as replay:
        replay.serve(FIRSTMARK, FIRSTMARK)
        cfg = config(tmp_path, replay, plainwiki, page=page, box=box)
        code, out, err = publish(capsys, cfg, "-simulate")
        assert code == 0, err
        assert "\n+<languages/>\n" in out and "\n+<translate>\n" in out and "\n-== July 2022 ==\n" in out
        assert f"{page}: Translate markup added, units numbered from this edit on" in out
        assert {t: client.page_text(t) for t in plain} == plain and posts(replay, "markfortranslation") == []
        code, out, err = publish(capsys, cfg)
        assert code == 0, err
        assert out.count("Translate markup added, units numbered from this edit on") == 2
        assert out.count("marked for translation (first time)") == 2 and replay.pending() == []
    for title in plain:
        text = client.page_text(title)
        ids = check_translate_markup(text)
        assert sorted(int(i) for i in ids) == list(range(1, len(ids) + 1))  # numbered now, from 1
        for name in markers.find_sections(text):
            # with Translate a reader sees the markup removed: the plain page of before
            assert section_to_plain(markers.get_section(text, name)) == markers.get_section(
                plain[title], name
            )


# ------------------------------------------- the latest-update box (issue 25.6)


def test_rel1_43_box_marked_with_transclusion_and_its_source_language_page(plainwiki, tmp_path, capsys):
    """paraminfo as recorded on REL1_43 lists ``transclusion``: the box (only) is marked with it
    on, and before that first mark the bot wrote ``<box>/en``, the box without Translate markup."""
    from ldwg_bot.updates.latest_box import source_copy
    from tests.replay import Recording

    recorded = Path(__file__).resolve().parents[1] / "fixtures" / "translate_rel1_43"
    paraminfo = Recording(
        str(recorded / "paraminfo_markfortranslation_fv2.json"),
        "GET",
        {"action": "paraminfo", "modules": "markfortranslation"},
        error_header=False,
    )
    page, box = f"{PAGE} box", f"{BOX} box"
    with TranslateReplay(plainwiki) as replay:
        replay.serve(FIRSTMARK, paraminfo, FIRSTMARK)
        code, out, err = publish(capsys, config(tmp_path, replay, plainwiki, page=page, box=box))
        assert code == 0, err
        sent = posts(replay, "markfortranslation")
        assert [p["title"] for p in sent] == [page, box] and replay.pending() == []
        assert "transclusion" not in sent[0] and sent[1]["transclusion"] == "yes"
        assert f"{box}/en: written (the box for readers until Translate renders it)" in out
    client = plainwiki.client()
    copy = client.page_text(f"{box}/en")
    assert copy == source_copy(client.page_text(box)).rstrip() and "<translate>" not in copy
    assert [r["user"] for r in client.revisions(f"{box}/en")] == ["LdwgBot"]
