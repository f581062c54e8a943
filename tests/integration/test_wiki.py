"""The wiki access layer against the real local MediaWiki.

Each test uses its own page titles, so they share one seeded wiki.
"""

import pytest

from ldwg_bot.errors import BotsDeniedError, EditConflictError, MarkerError, WikiError
from ldwg_bot.text import markers
from ldwg_bot.updates.translate_log import last_marked_revision, revisions_since
from ldwg_bot.wiki import Wiki, human_text_kept

pytestmark = pytest.mark.integration

HUMAN = "A paragraph a human wrote.\n\n"


def test_batched_reads_cover_every_title_in_few_requests(devwiki, bot, monkeypatch):
    titles = [f"Batch test/{i}" for i in range(60)]
    admin = devwiki.client("Admin")
    for t in titles[:55]:
        admin.edit(t, text=f"page {t}")
    calls = []
    original = Wiki.request

    def counting(self, **params):
        calls.append(params)
        return original(self, **params)

    monkeypatch.setattr(Wiki, "request", counting)
    states = bot.read_pages(titles + ["batch test/0"])  # a lowercase alias normalises
    assert len(calls) == 2  # 61 titles -> 2 requests of <= 50
    assert all(states[t].exists and states[t].text == f"page {t}" for t in titles[:55])
    assert not any(states[t].exists for t in titles[55:])
    assert states["batch test/0"].title == "Batch test/0"
    info = bot.page_info(titles[:3])
    assert info[titles[0]]["lastrevid"] == states[titles[0]].revid


def test_create_then_no_edit_when_unchanged(devwiki, bot):
    first = bot.save_section("Wiki test/create", "box", "content one", "test")
    assert first.saved and first.revid
    again = bot.save_section("Wiki test/create", "box", "content one", "test")
    assert not again.saved and not again.changed
    assert len(devwiki.client().revisions("Wiki test/create")) == 1
    rev = devwiki.client().revisions("Wiki test/create")[0]
    assert rev["user"] == "LdwgBot" and "(ldwg-bot test)" in rev["comment"]


def test_human_text_outside_markers_survives(devwiki, bot):
    title = "Wiki test/human"
    human = devwiki.client("Nadia K")
    human.edit(title, text=HUMAN + markers.wrap("box", "old") + "\n\nHuman footer.\n")
    bot.save_section(title, "box", "new", "test", must_exist_section=True)
    text = devwiki.client().page_text(title)
    assert text.startswith(HUMAN) and text.rstrip().endswith("Human footer.")
    assert markers.get_section(text, "box") == "\nnew\n"


def test_page_without_markers_is_not_touched(devwiki, bot):
    title = "Wiki test/not owned"
    devwiki.client("Nadia K").edit(title, text="Only human words here.\n")
    with pytest.raises(MarkerError, match="no 'ldwg-bot:box' section"):
        bot.save_section(title, "box", "x", "test", must_exist_section=True)
    assert devwiki.client().page_text(title) == "Only human words here."
    assert len(devwiki.client().revisions(title)) == 1


def test_concurrent_human_edit_between_read_and_write_survives(devwiki, bot, monkeypatch):
    """A second account edits the page after the bot read it; both changes end up saved."""
    title = "Wiki test/conflict"
    human = devwiki.client("Tomás R")
    human.edit(title, text="Line one by a human.\n\n" + markers.wrap("box", "bot v1") + "\n\nLast line.\n")
    original = Wiki._submit_edit
    state = {"done": False}

    def racing(self, title_, text, summary, page_state, started):
        if not state["done"]:
            state["done"] = True
            current = human.page_text(title)
            human.edit(title, text=current.replace("Last line.", "Last line, edited by a human meanwhile."))
        return original(self, title_, text, summary, page_state, started)

    monkeypatch.setattr(Wiki, "_submit_edit", racing)
    result = bot.save_section(title, "box", "bot v2", "test", must_exist_section=True)
    assert result.saved
    text = devwiki.client().page_text(title)
    assert "Last line, edited by a human meanwhile." in text
    assert "Line one by a human." in text
    assert markers.get_section(text, "box") == "\nbot v2\n"


def test_overlapping_conflict_is_retried_from_the_new_revision(devwiki, bot, monkeypatch):
    """The human edits the same lines the bot writes: MediaWiki cannot merge, the bot re-reads."""
    title = "Wiki test/hard conflict"
    human = devwiki.client("Tomás R")
    human.edit(title, text="Intro.\n" + markers.wrap("box", "v1") + "\n")
    original = Wiki._submit_edit
    calls = []

    def racing(self, title_, text, summary, page_state, started):
        calls.append(page_state.revid)
        if len(calls) == 1:
            human.edit(
                title, text="Intro, rewritten by a human.\n" + markers.wrap("box", "human put this") + "\n"
            )
        return original(self, title_, text, summary, page_state, started)

    monkeypatch.setattr(Wiki, "_submit_edit", racing)
    bot.save_section(title, "box", "v2", "test", must_exist_section=True)
    text = devwiki.client().page_text(title)
    assert "Intro, rewritten by a human." in text and markers.get_section(text, "box") == "\nv2\n"
    assert len(calls) == 2 and calls[1] != calls[0]


def test_gives_up_after_bounded_retries(devwiki, bot, monkeypatch):
    title = "Wiki test/endless conflict"
    devwiki.client("Admin").edit(title, text=markers.wrap("box", "v1") + "\n")
    from ldwg_bot.wiki import save as wiki_mod

    def always_conflict(self, *a, **k):
        raise wiki_mod._Conflict("edit conflict (editconflict)")

    monkeypatch.setattr(Wiki, "_submit_edit", always_conflict)
    with pytest.raises(EditConflictError, match="still conflicting after 3 retries"):
        bot.save_section(title, "box", "v2", "test")
    assert markers.get_section(devwiki.client().page_text(title), "box") == "\nv1\n"


def test_simulate_shows_diff_and_writes_nothing(devwiki, simulate):
    from ldwg_bot.wiki import Wiki

    out = []
    bot = Wiki.connect(devwiki.family, devwiki.family, api_url=devwiki.api_url, user="LdwgBot")
    bot.out = out.append
    title = "Wiki test/simulate"
    devwiki.client("Admin").edit(title, text="Human.\n" + markers.wrap("box", "old") + "\n")
    before = devwiki.client().revisions(title)
    result = bot.save_section(title, "box", "new", "test")
    assert result.changed and not result.saved
    assert "-old" in out[0] and "+new" in out[0]
    assert devwiki.client().revisions(title) == before
    created = bot.save_section("Wiki test/simulate new page", "box", "x", "test")
    assert not created.saved and devwiki.client().page_text("Wiki test/simulate new page") is None
    assert bot.post_write("purge", titles=title) is None


def test_nobots_is_honoured(devwiki, bot):
    title = "Wiki test/nobots"
    devwiki.client("Admin").edit(title, text="{{nobots}}\n" + markers.wrap("box", "old") + "\n")
    with pytest.raises(BotsDeniedError, match="forbids"):
        bot.save_section(title, "box", "new", "test")
    devwiki.client("Admin").edit(title, text="{{bots|deny=OtherBot}}\n" + markers.wrap("box", "old") + "\n")
    assert bot.save_section(title, "box", "new", "test").saved
    devwiki.client("Admin").edit(title, text="{{bots|deny=LdwgBot}}\n" + markers.wrap("box", "old") + "\n")
    with pytest.raises(BotsDeniedError):
        bot.save_section(title, "box", "newer", "test")


def test_bots_on_a_page_that_needs_no_change_is_no_failure(devwiki, bot):
    """Issue 23: {{nobots}} forbids an edit; when the bot's text is already there, there is no
    edit to forbid: nothing is written, and neither the save nor the pre-write check fails."""
    title = "Wiki test/nobots unchanged"
    devwiki.client("Admin").edit(title, text="{{nobots}}\n" + markers.wrap("box", "same") + "\n")
    before = devwiki.client().revisions(title)
    result = bot.save_section(title, "box", "same", "test")
    assert not result.changed and not result.saved
    old = devwiki.client().page_text(title)
    assert bot.write_problems({title: (old, old)}) == []
    assert bot.write_problems({title: (old, old + "more")})  # a change is still refused
    assert devwiki.client().revisions(title) == before


def test_an_interwiki_title_is_refused_with_one_line(devwiki, bot):
    """Issue 23: the wiki's own interwiki map (the devwiki's has ``commons:``) decides what
    check-config cannot know offline; the save and the pre-write check name the title."""
    with pytest.raises(WikiError, match="^Commons:LDWG summary: 'commons:' is an interwiki prefix"):
        bot.save_section("Commons:LDWG summary", "box", "x", "test")
    problems = bot.write_problems({"Commons:LDWG summary": (None, "x"), "Wiki test/iw": (None, "x")})
    assert len(problems) == 1 and "interwiki prefix on this wiki" in problems[0]


def test_a_save_checks_bots_once_without_parsing_the_page_again(devwiki, bot, monkeypatch):
    """Wiki.may_edit decides; pywikibot's save must not parse the whole page a second time."""
    import pywikibot.textlib

    title = "Wiki test/one bots check"
    devwiki.client("Admin").edit(
        title, text="{{bots|deny=OtherBot}} {{Some template|x=1}}\n" + markers.wrap("box", "old") + "\n"
    )
    parsed = []
    original = pywikibot.textlib.extract_templates_and_params
    monkeypatch.setattr(
        pywikibot.textlib,
        "extract_templates_and_params",
        lambda *a, **k: parsed.append(a) or original(*a, **k),
    )
    assert bot.save_section(title, "box", "new", "test").saved
    assert parsed == []
    devwiki.client("Admin").edit(title, text="{{nobots}}\n" + markers.wrap("box", "new") + "\n")
    with pytest.raises(BotsDeniedError):
        bot.save_section(title, "box", "newer", "test")


def test_family_restricted_templates_stop_the_bot(devwiki, bot, monkeypatch):
    """A family's edit_restricted_templates stop the bot, as they stop pywikibot's own bots."""
    title = "Wiki test/in use"
    devwiki.client("Admin").edit(title, text="{{In use}}\n" + markers.wrap("box", "old") + "\n")
    monkeypatch.setattr(
        type(bot.site.family), "edit_restricted_templates", {bot.site.code: ("In use",)}, raising=False
    )
    with pytest.raises(BotsDeniedError):
        bot.save_section(title, "box", "new", "test")
    monkeypatch.setattr(type(bot.site.family), "edit_restricted_templates", {}, raising=False)
    assert bot.save_section(title, "box", "new", "test").saved


def test_refuses_to_blank_or_drop_human_lines(devwiki, bot):
    title = "Wiki test/blank"
    devwiki.client("Admin").edit(title, text="Human words.\n")
    with pytest.raises(WikiError, match="refusing to blank"):
        bot.edit(title, lambda old: "", "test")
    with pytest.raises(MarkerError, match="outside the bot's markers"):
        bot.edit(title, lambda old: "Different words.\n", "test")
    assert devwiki.client().page_text(title) == "Human words."


def test_protected_page_gives_a_clear_error(devwiki, bot):
    title = "Wiki test/protected"
    admin = devwiki.client("Admin")
    admin.edit(title, text=markers.wrap("box", "v1") + "\n")
    admin.post(action="protect", title=title, protections="edit=sysop", token=admin.token())
    with pytest.raises(WikiError, match="protected"):
        bot.save_section(title, "box", "v2", "test")


def test_human_text_kept_rules():
    old = "a\n\nb\n" + markers.wrap("x", "1") + "\nc\n"
    assert human_text_kept(old, "<languages/>\n" + old.replace("1", "2"))
    assert not human_text_kept(old, old.replace("b\n", ""))
    assert not human_text_kept(old, old.replace("c", "C"))
    assert human_text_kept(None, "anything")


def test_last_marked_revision_and_the_revisions_since(devwiki_factory):
    """Issue 12.2, the wiki side: Translate's pagetranslation/mark log entry, written here
    with the parameters Translate gives it (revision, changed) under the log type it
    registers, is read back through core's API; and the authors of later revisions."""
    from ldwg_bot.wiki import Wiki

    wiki = devwiki_factory(name="marklog", seed=False)
    (wiki.dir / "settings.d" / "pagetranslation-log.php").write_text(
        "<?php\n$wgLogTypes[] = 'pagetranslation';\n"
        "$wgLogActionsHandlers['pagetranslation/mark'] = 'LogFormatter';\n"
        "$wgLogActionsHandlers['pagetranslation/unmark'] = 'LogFormatter';\n"
    )
    title = "Marked page"
    bot_client, human = wiki.client("LdwgBot"), wiki.client("Tomás R")
    first = bot_client.edit(title, text="<translate>One.</translate>")["newrevid"]

    def log(action: str, revision: int) -> None:
        wiki.maintenance(
            "eval",
            stdin=(
                f"$e = new ManualLogEntry( 'pagetranslation', '{action}' );"
                f"$e->setPerformer( User::newFromName( 'Admin' ) );"
                f"$e->setTarget( Title::newFromText( '{title}' ) );"
                f"$e->setParameters( [ 'revision' => {revision}, 'changed' => 1 ] );"
                f"$e->publish( $e->insert() );\n"
            ),
        )

    w = Wiki.connect(wiki.family, wiki.family, api_url=wiki.api_url, user="LdwgBot")
    assert last_marked_revision(w, title) is None
    log("mark", first)
    assert last_marked_revision(w, title) == first
    second = human.edit(title, text="<translate>One, fixed.</translate>")["newrevid"]
    third = bot_client.edit(title, text="<translate>One, fixed.\n\nTwo.</translate>")["newrevid"]
    assert revisions_since(w, title, first) == ([(third, "LdwgBot"), (second, "Tomás R")], False)
    assert revisions_since(w, title, None, limit=2) == ([(third, "LdwgBot"), (second, "Tomás R")], True)
    log("unmark", first)
    assert last_marked_revision(w, title) is None


def test_what_jobs_ask_of_the_site(devwiki, bot):
    """The site facts jobs read through the wiki layer instead of pywikibot (issue 16)."""
    assert bot.key == f"{devwiki.family}:{devwiki.family}"
    assert bot.content_language == "en"
    assert bot.article_url.replace("$1", "Main_Page") == bot.url("Main Page")
    assert not bot.has_extension("Translate") and not bot.has_extension("MassMessage")
    assert bot.normalise_title("talk:some page") == ("Talk:Some page", 1, "Some page")
    with pytest.raises(WikiError, match="not a valid page title"):
        bot.normalise_title("A[b]")
    bot.login()
    assert bot.username == "LdwgBot" and bot.has_right("edit") and not bot.has_right("massmessage")
    many = [f"Wiki query page {i}" for i in range(3)]
    for title in many:
        bot.edit(title, lambda _old: "text", "test")
    answers = list(
        bot.query({"action": "query", "list": "allpages", "apprefix": "Wiki query page", "aplimit": 1})
    )
    assert [a["query"]["allpages"][0]["title"] for a in answers] == many
