"""One test (or a few) per public method of :class:`ldwg_bot.wiki.Wiki`, on a fake transport:
what each sends and what it makes of the answer. The same methods against the real local
MediaWiki are in tests/integration/test_wiki.py."""

from __future__ import annotations

import pytest
from pywikibot import config as pwb_config
from pywikibot.exceptions import APIError
from pywikibot.exceptions import Error as PywikibotError

from ldwg_bot.errors import BotsDeniedError, EditConflictError, MarkerError, WikiError
from ldwg_bot.text import markers
from ldwg_bot.wiki import PageState, Wiki, save

from .fake_transport import FakeSite, fake_wiki, page


def pages_answer(texts: dict[str, str | None]):
    """Answers ``titles=`` queries from ``texts`` (None: missing), normalising lower-case firsts."""

    def answer(params: dict) -> dict:
        asked = params["titles"].split("|")
        normalized = [{"from": t, "to": t[0].upper() + t[1:]} for t in asked if t[0].islower()]
        found = [t[0].upper() + t[1:] for t in asked]
        return {
            "batchcomplete": True,
            "curtimestamp": "2026-12-07T00:00:00Z",
            "query": {"normalized": normalized, "pages": [page(t, texts.get(t)) for t in found]},
        }

    return answer


@pytest.fixture
def not_simulating(monkeypatch):
    monkeypatch.setattr(pwb_config, "simulate", False)


# ------------------------------------------------------------ connecting
def test_connect_registers_the_family_and_the_user(monkeypatch):
    import pywikibot

    monkeypatch.setattr(pwb_config, "family_files", {})
    monkeypatch.setattr(pwb_config, "usernames", {})
    built = []
    monkeypatch.setattr(pywikibot, "Site", lambda code, family: built.append((code, family)) or FakeSite())
    wiki = Wiki.connect(
        "mine", "mine", api_url="http://127.0.0.1:9/w/api.php", user="LdwgBot", summary_suffix="(bot)"
    )
    assert built == [("mine", "mine")] and isinstance(wiki, Wiki)
    assert pwb_config.family_files == {"mine": "http://127.0.0.1:9/w/api.php"}
    assert pwb_config.usernames == {"mine": {"mine": "LdwgBot"}} and wiki.summary_suffix == "(bot)"


def test_connect_turns_pywikibot_refusal_into_one_line(monkeypatch):
    import pywikibot

    def refuse(code, family):
        raise PywikibotError("unknown family")

    monkeypatch.setattr(pywikibot, "Site", refuse)
    with pytest.raises(WikiError, match="cannot use wiki nowhere:xx: unknown family"):
        Wiki.connect("nowhere", "xx")


def test_login_only_when_needed(monkeypatch):
    wiki, _ = fake_wiki(monkeypatch, lambda p: {}, logged_in=False)
    wiki.login()
    wiki.login()
    assert wiki.site.logins == 1


def test_login_on_a_read_only_wiki_says_so(monkeypatch):
    general = {"query": {"general": {"readonly": True, "readonlyreason": "maintenance"}}}
    wiki, _ = fake_wiki(monkeypatch, lambda p: general, logged_in=False)

    def fail():
        raise PywikibotError("timed out")

    wiki.site.login = fail
    with pytest.raises(WikiError, match=r"cannot log in: the wiki is read-only \(maintenance\)"):
        wiki.login()


# ------------------------------------------------------------ reading
def test_request_is_a_get_in_formatversion_2(monkeypatch):
    wiki, sent = fake_wiki(monkeypatch, lambda p: {"ok": 1})
    assert wiki.request(action="query", meta="siteinfo") == {"ok": 1}
    assert sent.sent == [("GET", {"action": "query", "meta": "siteinfo", "formatversion": 2})]


def test_request_keeps_the_api_code_and_info(monkeypatch):
    def refuse(params):
        raise APIError("badvalue", 'Unrecognized value for parameter "action".')

    wiki, _ = fake_wiki(monkeypatch, refuse)
    with pytest.raises(WikiError) as err:
        wiki.request(action="nosuchaction")
    assert (err.value.code, err.value.info) == ("badvalue", 'Unrecognized value for parameter "action".')
    assert str(err.value).startswith("fake:en: API error badvalue")


def test_request_when_the_wiki_does_not_answer(monkeypatch):
    def down(params):
        raise OSError("connection refused")

    wiki, _ = fake_wiki(monkeypatch, down)
    with pytest.raises(WikiError, match="the wiki did not answer .*nothing written") as err:
        wiki.request(action="query")
    assert err.value.code == "" and err.value.info == ""


def test_query_follows_continuation(monkeypatch):
    answers = [{"continue": {"apcontinue": "B", "continue": "-||"}, "n": 1}, {"n": 2}]
    wiki, sent = fake_wiki(monkeypatch, lambda p: answers.pop(0))
    assert [a["n"] for a in wiki.query({"action": "query", "list": "allpages"})] == [1, 2]
    assert sent.sent[1][1]["apcontinue"] == "B"


def test_query_pages_batches_50_and_keys_by_the_asked_title(monkeypatch):
    titles = [f"page {i}" for i in range(60)]
    wiki, sent = fake_wiki(monkeypatch, pages_answer({}))
    found = wiki.query_pages(titles, prop="info")
    assert len(sent.sent) == 2 and len(sent.sent[0][1]["titles"].split("|")) == 50
    assert set(found) == set(titles) and found["page 0"]["title"] == "Page 0"


def test_read_pages_and_read_page(monkeypatch):
    wiki, sent = fake_wiki(monkeypatch, pages_answer({"Here": "text", "Gone": None}))
    states = wiki.read_pages(["Here", "Gone"])
    assert states["Here"] == PageState("Here", True, "text", 7, "2026-12-01T00:00:00Z", "Human", 0)
    assert states["Gone"].exists is False
    assert wiki.read_page("Here").text == "text"
    assert sent.sent[0][1]["rvprop"] == "ids|timestamp|user|content"


def test_page_info_asks_prop_info_only(monkeypatch):
    wiki, sent = fake_wiki(monkeypatch, pages_answer({"Here": "x"}))
    assert wiki.page_info(["Here"])["Here"]["lastrevid"] == 7
    assert sent.sent[0][1]["prop"] == "info"


def test_history_stops_at_the_limit(monkeypatch):
    def answer(params):
        start = 100 - 50 * ("rvcontinue" in params)
        revs = [{"revid": start - i} for i in range(params["rvlimit"])]
        return {"continue": {"rvcontinue": "x"}, "query": {"pages": [{"title": "T", "revisions": revs}]}}

    wiki, sent = fake_wiki(monkeypatch, answer)
    info, revisions, requests = wiki.history("T", limit=60)
    assert (len(revisions), requests, info["title"]) == (60, 2, "T")
    assert [p["rvlimit"] for _, p in sent.sent] == [50, 10]


def test_has_extension_asks_once(monkeypatch):
    wiki, _ = fake_wiki(monkeypatch, lambda p: {}, extensions=("Translate",))
    assert wiki.has_extension("Translate") and not wiki.has_extension("MassMessage")
    wiki.site.extensions = set()
    assert wiki.has_extension("Translate")  # read once per run


def test_site_facts_and_links(monkeypatch):
    wiki, sent = fake_wiki(monkeypatch, lambda p: {}, lang="es", rights=("edit",))
    assert (wiki.key, wiki.content_language, wiki.username) == ("fake:en", "es", "LdwgBot")
    assert wiki.has_right("edit") and not wiki.has_right("pagetranslation")
    assert wiki.article_url == "http://127.0.0.1:9/wiki/$1"
    assert wiki.url("A page/ü") == "http://127.0.0.1:9/wiki/A_page/%C3%BC"
    assert wiki.permalink(5) == "http://127.0.0.1:9/w/index.php?oldid=5"
    assert wiki.diff_link(5) == "http://127.0.0.1:9/w/index.php?diff=prev&oldid=5"
    assert sent.sent == []  # all from the site information


def test_normalise_title_names_a_bad_title(monkeypatch):
    import pywikibot

    def bad(site, title):
        raise ValueError("contains illegal char(s)")

    monkeypatch.setattr(pywikibot, "Page", bad)
    wiki, _ = fake_wiki(monkeypatch, lambda p: {})
    with pytest.raises(WikiError, match=r"'a\[b': not a valid page title \(contains illegal"):
        wiki.normalise_title("a[b")


# ------------------------------------------------------------ writing
def test_may_edit_reads_bots_from_the_text(monkeypatch):
    wiki, sent = fake_wiki(monkeypatch, lambda p: {})
    assert wiki.may_edit("T", "plain text")
    assert not wiki.may_edit("T", "{{nobots}}")
    assert not wiki.may_edit("T", "{{bots|deny=LdwgBot}}") and sent.sent == []


def test_edit_unchanged_text_saves_nothing(monkeypatch, not_simulating):
    wiki, sent = fake_wiki(monkeypatch, pages_answer({"T": "same\n"}))
    result = wiki.edit("T", lambda old: old, "s")
    assert (result.changed, result.saved) == (False, False) and len(sent.sent) == 1


@pytest.mark.parametrize(
    "old, new, error, match",
    [
        ("{{nobots}}\nx", "{{nobots}}\ny", BotsDeniedError, "forbids LdwgBot"),
        ("human words", "", WikiError, "refusing to blank"),
        ("human words", "other words", MarkerError, "outside the bot's markers"),
    ],
)
def test_edit_guards(monkeypatch, not_simulating, old, new, error, match):
    wiki, _ = fake_wiki(monkeypatch, pages_answer({"T": old}))
    monkeypatch.setattr(Wiki, "_submit_edit", lambda *a: pytest.fail("must not save"))
    with pytest.raises(error, match=match):
        wiki.edit("T", lambda text: new, "s")


def test_edit_missing_page_with_create_false(monkeypatch, not_simulating):
    wiki, _ = fake_wiki(monkeypatch, pages_answer({}))
    with pytest.raises(WikiError, match="page does not exist"):
        wiki.edit("T", lambda text: "new", "s", create=False)


def test_edit_saves_with_the_suffix_and_retries_a_conflict(monkeypatch, not_simulating):
    wiki, sent = fake_wiki(monkeypatch, pages_answer({"T": "old " + markers.wrap("box", "a")}))
    wiki.summary_suffix = "(bot)"
    tries = []

    def submit(self, title, text, summary, state, started):
        tries.append((summary, state.revid, started))
        if len(tries) == 1:
            raise save._Conflict("edit conflict")
        return 8

    monkeypatch.setattr(Wiki, "_submit_edit", submit)
    result = wiki.edit("T", lambda text: text.replace("\na\n", "\nb\n"), "update")
    assert (result.saved, result.revid) == (True, 8) and wiki.edits == [result]
    assert tries == [("update (bot)", 7, "2026-12-07T00:00:00Z")] * 2 and len(sent.sent) == 2


def test_edit_gives_up_after_the_retries(monkeypatch, not_simulating):
    wiki, _ = fake_wiki(monkeypatch, pages_answer({"T": markers.wrap("box", "a")}))

    def conflict(*a):
        raise save._Conflict("edit conflict")

    monkeypatch.setattr(Wiki, "_submit_edit", conflict)
    with pytest.raises(EditConflictError, match="still conflicting after 3 retries"):
        wiki.edit("T", lambda text: markers.wrap("box", "b"), "s")


def test_edit_under_simulate_shows_the_diff(monkeypatch):
    monkeypatch.setattr(pwb_config, "simulate", True)
    wiki, _ = fake_wiki(monkeypatch, pages_answer({"T": markers.wrap("box", "a")}))
    shown = []
    wiki.out = shown.append
    result = wiki.edit("T", lambda text: markers.wrap("box", "b"), "s")
    assert (result.changed, result.saved) == (True, False) and wiki.simulate
    assert "would edit T" in shown[0] and "+b" in shown[0]


def test_save_section_new_page_gets_just_the_section(monkeypatch, not_simulating):
    wiki, _ = fake_wiki(monkeypatch, pages_answer({}))
    written = []
    monkeypatch.setattr(Wiki, "_submit_edit", lambda self, t, text, *a: written.append(text) or 1)
    wiki.save_section("T", "box", "content", "s")
    assert written == [markers.wrap("box", "content") + "\n"]


def test_save_section_requires_the_markers_on_a_page_not_owned(monkeypatch, not_simulating):
    wiki, _ = fake_wiki(monkeypatch, pages_answer({"T": "human page"}))
    with pytest.raises(MarkerError):
        wiki.save_section("T", "box", "content", "s", must_exist_section=True)


def test_write_problems_in_one_request(monkeypatch, not_simulating):
    def answer(params):
        assert params["intestactions"] == "edit|create"
        return {
            "query": {
                "general": {"maxarticlesize": 10},
                "pages": [
                    {"title": "Locked", "actions": {"edit": [{"code": "protectedpage"}]}},
                    {"title": "Big", "missing": True, "actions": {"create": []}},
                ],
            }
        }

    wiki, sent = fake_wiki(monkeypatch, answer)
    problems = wiki.write_problems({"Locked": ("a", "b"), "Big": (None, "x" * 11), "Same": ("c", "c")})
    assert problems == [
        "Locked: the bot may not edit this page (protectedpage)",
        "Big: the new text would be 11 bytes, over the wiki's maxarticlesize of 10 bytes",
    ]
    assert len(sent.sent) == 1 and "Same" not in sent.sent[0][1]["titles"]


def test_post_write_sends_a_token_and_keeps_the_error_code(monkeypatch, not_simulating):
    answers = [{"massmessage": {"result": "Success"}}]

    def answer(params):
        if not answers:
            raise APIError("permissiondenied", "You do not have the right.")
        return answers.pop()

    wiki, sent = fake_wiki(monkeypatch, answer)
    assert wiki.post_write("massmessage", spamlist="L") == {"massmessage": {"result": "Success"}}
    assert sent.sent[0] == (
        "POST",
        {"action": "massmessage", "formatversion": 2, "token": "TOKEN+\\", "spamlist": "L"},
    )
    with pytest.raises(WikiError, match="massmessage failed: permissiondenied") as err:
        wiki.post_write("massmessage", spamlist="L")
    assert err.value.code == "permissiondenied"


def test_post_write_under_simulate_sends_nothing(monkeypatch):
    monkeypatch.setattr(pwb_config, "simulate", True)
    wiki, sent = fake_wiki(monkeypatch, lambda p: pytest.fail("nothing may be sent"))
    shown = []
    wiki.out = shown.append
    assert wiki.post_write("markfortranslation", title="T", token="secret") is None
    assert sent.sent == [] and "secret" not in shown[0] and "would POST" in shown[0]
