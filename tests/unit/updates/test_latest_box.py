"""How the bot marks the latest-update box and writes its source-language page (issue 25.6).

The rule is in :mod:`ldwg_bot.updates.latest_box`. ``transclusion`` is sent
only where ``action=paraminfo`` lists it: the REL1_43 answer recorded here
(``tests/fixtures/translate_rel1_43``, MediaWiki 1.43.12 + Translate REL1_43)
lists it; the REL1_39 recording (``../shared``) has no such module.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from ldwg_bot.errors import MarkerError, SourceError
from ldwg_bot.updates.latest_box import source_copy, source_copy_title, write_source_copy
from ldwg_bot.updates.subpages import render_latest_box
from ldwg_bot.updates.translate_admin import Marker
from ldwg_bot.wiki import EditResult, PageState
from tests.shared import translate_fixture

from .util import update

BOX = "Template:LDWG latest update"
PAGE = "Leadership Development Working Group/Updates"
RECORDED = Path(__file__).resolve().parents[2] / "fixtures" / "translate_rel1_43"


def rel1_43_paraminfo() -> dict:
    return json.loads((RECORDED / "paraminfo_markfortranslation_fv2.json").read_text(encoding="utf-8"))


class Site:
    def username(self):
        return "LdwgBot"


class BoxWiki:
    """What Marker and write_source_copy ask of the wiki, answered from recordings."""

    def __init__(
        self, paraminfo=None, *, marked=None, box_text="", simulate=False, refuse=None, language="en"
    ):
        self.paraminfo, self.marked, self.box_text = paraminfo, marked, box_text
        self.simulate, self.refuse, self.content_language = simulate, refuse, language
        self.site = Site()
        self.requests, self.posts, self.edits = [], [], []

    username = "LdwgBot"

    def has_extension(self, name):
        return name == "Translate"

    def has_right(self, name):
        return True

    def login(self):
        pass

    def url(self, title):
        return "https://meta.wikimedia.org/wiki/" + title.replace(" ", "_")

    def request(self, **params):
        if params.get("list") == "logevents":  # core's answer, Translate's mark entry
            entries = [{"action": "mark", "params": {"revision": self.marked}}] if self.marked else []
            return {"batchcomplete": True, "query": {"logevents": entries}}
        if params.get("prop") == "revisions":
            return {"query": {"pages": [{"revisions": [{"revid": 5, "user": "LdwgBot"}]}]}}
        self.requests.append(params)
        assert params == {"action": "paraminfo", "modules": "markfortranslation"}
        return self.paraminfo

    def last_marked_revision(self, title):
        return self.marked

    def revisions_since(self, title, revid):
        return [(5, "LdwgBot")], False

    def read_page(self, title):
        exists = bool(self.box_text)
        return PageState(title, exists, self.box_text if exists else None, 5 if exists else None)

    def edit(self, title, transform, summary):
        if self.refuse:
            raise self.refuse
        self.edits.append((title, transform(None)))
        return EditResult(title, changed=True, saved=True, revid=6)

    def post_write(self, action, **params):
        self.posts.append(params)
        return translate_fixture("rel1_43/markfortranslation_success_firstmark.json")


# ------------------------------------------------------------------ marking


def test_the_box_is_marked_with_transclusion_on_where_the_api_takes_it():
    wiki = BoxWiki(rel1_43_paraminfo())
    marker = Marker(wiki)
    assert marker.mark(BOX, 5, transclusion=True).marked
    assert marker.mark(PAGE, 7).marked  # other pages: Translate's choice
    assert wiki.posts == [{"title": BOX, "revid": 5, "transclusion": "yes"}, {"title": PAGE, "revid": 7}]
    assert marker.mark(BOX, 8, transclusion=True).marked
    assert len(wiki.requests) == 1  # paraminfo once a run


def test_no_transclusion_parameter_where_paraminfo_lacks_it():
    """The REL1_39 recording: no markfortranslation module (a warning says so)."""
    wiki = BoxWiki(translate_fixture("paraminfo_translate_query_modules_fv2.json"))
    assert Marker(wiki).mark(BOX, 5, transclusion=True).marked
    assert wiki.posts == [{"title": BOX, "revid": 5}]


# ------------------------------------------------------- the source-language page


def box_text(summary: str = "We met online.") -> str:
    return render_latest_box(update("Body.", summary=summary), PAGE, None, 0, True)[0]


def test_before_the_first_mark_the_bot_writes_the_plain_box_there():
    wiki = BoxWiki(box_text=box_text())
    note, warning = write_source_copy(wiki, BOX)
    assert (note, warning) == (f"{BOX}/en: written (the box for readers until Translate renders it)", False)
    [(title, text)] = wiki.edits
    assert (
        title == f"{BOX}/en"
        and text == render_latest_box(update("Body.", summary="We met online."), PAGE, None, 0, False)[0]
    )


def test_once_marked_translate_owns_it():
    wiki = BoxWiki(box_text=box_text(), marked=12)
    assert write_source_copy(wiki, BOX) == ("", False) and wiki.edits == []


def test_in_the_wikis_content_language():
    assert source_copy_title(BOX, "de") == f"{BOX}/de"
    wiki = BoxWiki(box_text=box_text(), language="de")
    write_source_copy(wiki, BOX)
    assert wiki.edits[0][0] == f"{BOX}/de"


def test_simulate_and_missing_box_write_nothing():
    wiki = BoxWiki(box_text=box_text(), simulate=True)
    assert write_source_copy(wiki, BOX) == (
        f"{BOX}/en: would be written (the box for readers until Translate renders it)",
        False,
    )
    assert BoxWiki().edits == [] and write_source_copy(BoxWiki(), BOX) == ("", False)
    assert wiki.edits == []


def test_a_page_someone_else_wrote_there_is_kept_and_reported():
    refusal = MarkerError(f"{BOX}/en: the change would alter text outside the bot's markers; nothing written")
    note, warning = write_source_copy(BoxWiki(box_text=box_text(), refuse=refusal), BOX)
    assert warning and note == (f"{BOX}/en: the box's copy for readers was not written: {refusal}")


def test_a_box_not_in_the_bots_layout_loses_only_the_markup():
    assert (
        source_copy('<translate>\n<!--T:1-->\nHello [[<tvar name="x">A</tvar>|a]].\n</translate>')
        == "Hello [[A|a]].\n"
    )


WORDS = st.text(st.sampled_from("abcdefghij ABC .,:;!?'\"*#[]{}|<>=&-_/ñاব"), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(title=WORDS, summary=WORDS, month=st.sampled_from(["2022-07", "2023-01", "2031-12"]))
def test_the_copy_is_the_plain_box_for_any_update(title, summary, month):
    """Generated titles and summaries: the copy has no Translate markup and is exactly
    what the plain form (a wiki without Translate) writes for the same update."""
    if not title.strip() or not summary.strip():
        return
    try:
        u = update("Body.", month=month, title=title.replace('"', "'"), summary=summary.replace('"', "'"))
    except SourceError:  # not valid front matter: the source check's business
        return
    translatable = render_latest_box(u, PAGE, None, 0, True)[0]
    copy = source_copy(translatable)
    assert copy == render_latest_box(u, PAGE, None, 0, False)[0]
    for markup in ("<translate", "</translate>", "<!--T:", "<tvar", "<languages"):
        assert markup not in copy
