"""publish-update's wiki-facing parts with fakes: marking, announcing, sources, guards.

Answers come from recorded Translate responses (``../shared/fixtures/translate``,
REL1_39 and ``rel1_43/``) or, where no recording exists (a MassMessage send),
from the shape the extension's API module writes (ApiMassMessage::execute).
The same Translate answers also go through the real HTTP client in
``tests/integration/test_translate_replay.py``.
"""

from __future__ import annotations

import copy
import shutil
from datetime import UTC, datetime

import pytest

from ldwg_bot.errors import MarkerError, SourceError, WikiError
from ldwg_bot.runtime.store import get_meta, open_store
from ldwg_bot.updates.announce import NOT_AVAILABLE, announce, announced_key, message_params
from ldwg_bot.updates.job import load_folder
from ldwg_bot.updates.page import check_unclosed, place_month
from ldwg_bot.updates.plan import box_transform, check_target_title
from ldwg_bot.updates.subpages import render_latest_box
from ldwg_bot.updates.translate_admin import Marker, answer_error, mark_link, present_modules
from tests.shared import translate_fixture
from tests.support.fakewiki import FakeWiki, answers_in_turn, fails_with

from .util import EXAMPLES, FIXTURES, update

NOW = datetime(2022, 8, 31, 12, 0, tzinfo=UTC)
PAGE = "Leadership Development Working Group/Updates"


BOX = "Template:LDWG latest update"


def translate_reads(paraminfo=None, history=((1, "LdwgBot"),), marked=None, more=False):
    """The reads the marker and announcer make, answered in the API's formatversion=2 shape:
    the mark log (Translate's pagetranslation log keeps the marked revision in
    ``params.revision``), the page's ``(revid, user)`` history oldest first (``more``: a
    continuation follows), and paraminfo as given."""

    def answer(params):
        if params.get("list") == "logevents":
            marks = [{"action": "mark", "params": {"revision": marked}}] if marked else []
            return {"query": {"logevents": marks}}
        if params.get("prop") == "revisions":
            revid = params.get("rvendid")
            newer = [{"revid": r, "user": u} for r, u in reversed(history) if revid is None or r >= revid]
            return {
                "query": {"pages": [{"title": params["titles"], "revisions": newer}]},
                **({"continue": {"rvcontinue": "x"}} if more else {}),
            }
        assert params["action"] == "paraminfo" and paraminfo is not None, params
        return paraminfo

    return answer


def wiki_with(
    paraminfo, answer=None, *, error=None, history=((1, "LdwgBot"),), marked=None, more=False, **kw
):
    """A wiki whose paraminfo is ``paraminfo`` and whose every write answers ``answer`` (or
    fails with ``error``); ``kw`` as for FakeWiki (``rights``, ``extensions``, ``simulate``)."""
    on_post = fails_with(error) if error else (lambda action, params: answer)
    return FakeWiki(translate_reads(paraminfo, history, marked, more), on_post=on_post, **kw)


def paraminfo_reads(wiki):
    return [c for c in wiki.calls if c.get("action") == "paraminfo"]


def paraminfo_without_markfortranslation() -> dict:
    """Recorded on Translate REL1_39: the module is missing, a warning says so."""
    return translate_fixture("paraminfo_translate_query_modules_fv2.json")


def paraminfo_with(module: str) -> dict:
    """The recorded answer with one more module entry, in the recorded entry's shape."""
    data = copy.deepcopy(translate_fixture("paraminfo_translate_query_modules_fv2.json"))
    entry = copy.deepcopy(data["paraminfo"]["modules"][0])
    entry.update(name=module, path=module, group="action", prefix="", parameters=[])
    data["paraminfo"]["modules"].append(entry)
    del data["warnings"]
    return data


# ------------------------------------------------------------ paraminfo


def test_present_modules_from_recorded_paraminfo():
    assert present_modules(paraminfo_without_markfortranslation()) == {
        "query+messagegroupstats",
        "query+languagestats",
        "query+messagecollection",
    }
    literal = translate_fixture("paraminfo_markfortranslation_messagegroupstats_literal_fv2.json")
    assert present_modules(literal) == set()


def test_mark_link_is_a_full_url():
    wiki = wiki_with(paraminfo_without_markfortranslation())
    assert mark_link(wiki, PAGE) == (
        "https://meta.wikimedia.org/wiki/Special:PageTranslation?"
        "target=Leadership+Development+Working+Group%2FUpdates&do=mark"
    )


# ------------------------------------------------------------ marking
# Translate's answers to action=markfortranslation as recorded (rel1_43/: REL1_43; the
# REL1_39 answer to the unknown action); the wiki's API layer raises WikiError with the
# code for an "error" document and returns an "errors" list (errorformat=plaintext) as is.


def mark_wiki(*answers, exists=True, **kw):
    """Writes answered by the recorded Translate answers in turn; both pages exist (revid
    77) unless ``exists`` is false."""
    pages = {PAGE: "text", BOX: "text"} if exists else {}
    return FakeWiki(
        translate_reads(),
        on_post=answers_in_turn(*(translate_fixture(a) for a in answers)),
        pages=pages,
        **kw,
    )


def test_first_mark_and_again_with_exact_parameters():
    wiki = mark_wiki(
        "rel1_43/markfortranslation_success_firstmark.json",
        "rel1_43/markfortranslation_success_again_no_change.json",
    )
    marker = Marker(wiki)
    first = marker.mark(PAGE, 1234, ("es", "pt"))
    assert first.marked and first.message == f"{PAGE}: marked for translation (first time), 3 units"
    again = marker.mark(PAGE, 1235)
    assert again.marked and again.message == f"{PAGE}: marked for translation, 3 units"
    assert wiki.posts == [
        ("markfortranslation", {"title": PAGE, "revid": 1234, "prioritylanguages": "es|pt"}),
        ("markfortranslation", {"title": PAGE, "revid": 1235}),
    ]
    assert wiki.logins == 1 and wiki.reads == []


def test_translate_without_the_api_gives_the_link_and_posts_once():
    """REL1_39 answers badvalue for the unknown action; the next page is not posted."""
    wiki = mark_wiki("markfortranslation_error_translatable_page_admin_fv2.json")
    marker = Marker(wiki)
    first = marker.mark(PAGE, 42)
    second = marker.mark(BOX, 43)
    assert not first.marked and first.link == mark_link(wiki, PAGE)
    assert "has no markfortranslation API" in first.message and first.link in first.message
    assert not second.marked and second.link and "has no markfortranslation API" in second.message
    assert len(wiki.posts) == 1


@pytest.mark.parametrize(
    "answer,says",
    [
        (
            "rel1_43/markfortranslation_error_oldrevision.json",
            "revision 5 is not the latest (the page changed after the bot's edit)",
        ),
        (
            "rel1_43/markfortranslation_error_oldrevision_errorformat_plaintext.json",
            "revision 5 is not the latest (the page changed after the bot's edit)",
        ),
        ("rel1_43/markfortranslation_error_notsuitable.json", "finds no valid <translate> markup"),
        ("rel1_43/markfortranslation_error_permissiondenied.json", "lacks the 'pagetranslation' right"),
    ],
)
def test_refusals_give_the_reason_and_the_link(answer, says):
    wiki = mark_wiki(answer)
    result = Marker(wiki).mark(PAGE, 5)
    assert not result.marked and result.warning and says in result.message
    assert result.link and result.message.endswith(result.link)


def test_permission_denied_is_asked_once():
    wiki = mark_wiki("rel1_43/markfortranslation_error_permissiondenied.json")
    marker = Marker(wiki)
    marker.mark(PAGE, 1)
    second = marker.mark(BOX, 2)
    assert "lacks the 'pagetranslation' right" in second.message and len(wiki.posts) == 1


def test_refused_priority_languages_mark_without_them():
    wiki = mark_wiki(
        "rel1_43/markfortranslation_error_invalid_prioritylangs.json",
        "rel1_43/markfortranslation_success_firstmark.json",
    )
    result = Marker(wiki).mark(PAGE, 9, ("es", "xx-nonsense"))
    assert result.marked and result.warning
    assert "Translate refused es|xx-nonsense" in result.message and "xx-nonsense" in result.message
    assert [p.get("prioritylanguages") for _, p in wiki.posts] == ["es|xx-nonsense", None]


def test_missing_page_is_not_posted():
    """Translate throws an internal error for a missing title: the bot asks the wiki first."""
    wiki = mark_wiki(exists=False)
    result = Marker(wiki).mark(PAGE, None)
    assert not result.marked and "does not exist" in result.message
    assert wiki.reads == [PAGE] and wiki.posts == []
    existing = mark_wiki("rel1_43/markfortranslation_success_firstmark.json")
    assert Marker(existing).mark(PAGE, None).marked
    assert existing.posts == [("markfortranslation", {"title": PAGE, "revid": 77})]


def test_api_without_the_right_gives_the_link():
    wiki = mark_wiki(rights=())
    result = Marker(wiki).mark(PAGE, 1)
    assert not result.marked and "lacks the 'pagetranslation' right" in result.message
    assert result.link and wiki.posts == []


def test_simulate_marks_nothing():
    wiki = mark_wiki(simulate=True)
    result = Marker(wiki).mark(PAGE, None)
    assert not result.marked and result.message == f"{PAGE}: would be marked for translation"
    assert wiki.posts == [("markfortranslation", {"title": PAGE, "revid": 77})] and wiki.logins == 0


def test_without_translate_nothing_is_asked():
    wiki = mark_wiki(extensions=())
    result = Marker(wiki).mark(PAGE, 1)
    assert not result.marked and not result.link and "not installed" in result.message
    assert wiki.calls == [] and wiki.posts == []


def test_error_shapes():
    assert answer_error(
        translate_fixture("rel1_43/markfortranslation_error_oldrevision_errorformat_plaintext.json")
    ) == (
        "tpt-oldrevision",
        "2 is not the latest version of the page [[:Hello]]. Only latest versions "
        "can be marked for translation.",
    )
    assert answer_error(translate_fixture("rel1_43/markfortranslation_success_firstmark.json")) is None


# ---------------------------------------------------------- announcing


@pytest.fixture
def store(tmp_path):
    conn = open_store(tmp_path / "store.sqlite")
    yield conn
    conn.close()


SENT = {"massmessage": {"result": "success", "count": 3}}  # ApiMassMessage::execute


def test_announcement_exact_parameters_and_sent_once(store):
    u = update("Body.", month="2022-08", title="LDWG: August 2022", summary="Feedback is open.")
    wiki = wiki_with(paraminfo_with("massmessage"), SENT)
    target = f"{PAGE}#update-2022-08"
    first = announce(wiki, store, u, "LDWG/Delivery list", target, NOW, "meta:meta")
    assert first.sent and "3 pages" in first.message
    assert wiki.posts == [
        (
            "massmessage",
            {
                "spamlist": "LDWG/Delivery list",
                "subject": "LDWG: August 2022",
                "message": "Feedback is open.\n\n[[Special:MyLanguage/" + target + "|Read the August 2022 "
                "update]] (translations are linked at the top of the page).",
            },
        )
    ]
    assert message_params(u, "LDWG/Delivery list", target) == wiki.posts[0][1]
    assert '"sent_at": "2022-08-31T12:00:00Z"' in get_meta(
        store, announced_key("meta:meta", "LDWG/Delivery list", u)
    )
    again = announce(wiki, store, u, "LDWG/Delivery list", target, NOW, "meta:meta")
    assert not again.sent and "already announced" in again.message
    assert len(wiki.posts) == 1
    # another month, or another list, is another announcement
    other = update("Body.", month="2022-09")
    assert announce(wiki, store, other, "LDWG/Delivery list", target, NOW, "meta:meta").sent
    assert len(wiki.posts) == 2


def test_announcement_not_recorded_when_not_sent(store):
    u = update("Body.")
    key = announced_key("meta:meta", "L", u)
    missing = wiki_with(paraminfo_without_markfortranslation(), SENT)
    result = announce(missing, store, u, "L", PAGE, NOW, "meta:meta")
    assert result.message == NOT_AVAILABLE and not result.sent and missing.posts == []
    assert paraminfo_reads(missing)[0]["modules"] == "massmessage"
    not_installed = wiki_with(paraminfo_with("massmessage"), SENT, extensions=())
    assert announce(not_installed, store, u, "L", PAGE, NOW, "meta:meta").message == NOT_AVAILABLE
    assert not_installed.calls == [] and not_installed.posts == []
    no_right = wiki_with(paraminfo_with("massmessage"), SENT, rights=())
    assert announce(no_right, store, u, "L", PAGE, NOW, "meta:meta").warning
    simulated = wiki_with(paraminfo_with("massmessage"), SENT, simulate=True)
    assert "would announce" in announce(simulated, store, u, "L", PAGE, NOW, "meta:meta").message
    failed = wiki_with(paraminfo_with("massmessage"), error=WikiError("x: massmessage failed: y"))
    assert announce(failed, store, u, "L", PAGE, NOW, "meta:meta").warning
    assert get_meta(store, key) is None
    odd = wiki_with(paraminfo_with("massmessage"), {"massmessage": {}})
    assert announce(odd, store, u, "L", PAGE, NOW, "meta:meta").warning
    assert '"state": "pending"' in get_meta(store, key)  # unconfirmed: the next run reads the log
    no_list = announce(missing, store, u, "", PAGE, NOW, "meta:meta")
    assert no_list.warning and "announce_list" in no_list.message


# -------------------------------------------------------------- sources


def test_folder_oldest_first_and_one_file_per_month(tmp_path):
    shutil.copy(EXAMPLES / "2022-08.md", tmp_path / "b.md")
    shutil.copy(EXAMPLES / "2022-07.md", tmp_path / "z.md")
    assert [u.month.slug for u in load_folder(tmp_path)] == ["2022-07", "2022-08"]
    shutil.copy(EXAMPLES / "2022-07.md", tmp_path / "a.md")
    with pytest.raises(
        SourceError, match=r"z\.md: front matter 'month': 2022-07 is also the month of .*a\.md"
    ):
        load_folder(tmp_path)


def test_folder_errors(tmp_path):
    with pytest.raises(SourceError, match="does not exist"):
        load_folder(tmp_path / "missing")
    with pytest.raises(SourceError, match="no \\*.md update files"):
        load_folder(tmp_path)
    shutil.copy(EXAMPLES / "2022-07.md", tmp_path / "2022-07.md")
    shutil.copy(FIXTURES / "unknown-field.md", tmp_path / "2022-08.md")
    with pytest.raises(SourceError, match=r"2022-08\.md:\d+: front matter"):
        load_folder(tmp_path)


# --------------------------------------------------------------- guards


@pytest.mark.parametrize(
    "title", ["Translations:LDWG/Updates/3/es", "LDWG/Updates/es", "LDWG/Updates/pt-br", "LDWG/Updates/fr"]
)
def test_translation_pages_are_never_targets(title):
    with pytest.raises(Exception, match="is a translation page"):
        check_target_title(title, ("es", "pt-br"))


@pytest.mark.parametrize("title", ["LDWG/Updates", "LDWG/Updates/July 2022", "Template:LDWG latest update"])
def test_source_pages_are_targets(title):
    check_target_title(title, ("es",))


def test_box_never_moves_back_to_an_older_month():
    july, august = update("x", month="2022-07"), update("y", month="2022-08")
    box, hw = render_latest_box(august, f"{PAGE}#update-2022-08", None, 0)
    assert box_transform(july, f"{PAGE}#update-2022-07")(box, hw) == (box, hw)
    same, _ = box_transform(august, f"{PAGE}#update-2022-08")(box, hw)
    assert same == box
    newer, _ = box_transform(update("z", month="2022-09"), f"{PAGE}#update-2022-09")(box, hw)
    assert "|September 2022]]" in newer


def test_unclosed_comment_is_refused_before_the_bot_writes_into_it():
    with pytest.raises(MarkerError, match="line 3: '<!--' is never closed"):
        place_month("Intro.\n\n<!-- forgot to close\n== June 2022 ==\n", (2022, 7), "x")
    with pytest.raises(MarkerError, match="'<nowiki>' is never closed"):
        check_unclosed("a <nowiki>b")
    check_unclosed("<!-- fine --> <nowiki>ok</nowiki> <pre/>")


# ------------------------------------------- only the bot's own changes (issue 12.2)

SUCCESS = {"markfortranslation": {"result": "Success", "firstmark": False, "unitcount": 9}}


@pytest.mark.parametrize(
    "history,marked,more,expected",
    [
        ([(1, "Nadia K"), (2, "LdwgBot"), (3, "LdwgBot")], 1, False, True),  # bot-only since the mark
        ([(1, "LdwgBot"), (2, "LdwgBot")], None, False, True),  # never marked, bot's page
        ([(1, "LdwgBot"), (2, "Tomás R"), (3, "LdwgBot")], 1, False, False),  # a human edit since the mark
        ([(1, "Nadia K"), (2, "LdwgBot")], None, False, False),  # never marked, human history
        ([(60, "LdwgBot")], 1, True, False),  # too many to check
    ],
)
def test_marks_only_when_every_change_since_the_last_mark_is_the_bots(history, marked, more, expected):
    """Issue 12.2: marking passes text on to translators; it must not pass on a human's
    unreviewed edit. Otherwise the link for a translation admin, as without the right."""
    wiki = wiki_with(paraminfo_with("markfortranslation"), SUCCESS, history=history, marked=marked, more=more)
    result = Marker(wiki).mark(PAGE, history[-1][0])
    assert result.marked is expected
    if expected:
        assert wiki.posts and wiki.posts[0][0] == "markfortranslation"
    else:
        assert wiki.posts == [] and result.link and result.link in result.message
        assert "last marked" in result.message


def test_the_message_names_the_other_editors():
    wiki = wiki_with(
        paraminfo_with("markfortranslation"),
        SUCCESS,
        history=[(5, "LdwgBot"), (6, "Tomás R"), (7, "Nadia K"), (8, "LdwgBot")],
        marked=5,
    )
    result = Marker(wiki).mark(PAGE, 8)
    assert "Tomás R" in result.message and "Nadia K" in result.message and "revision 5" in result.message
