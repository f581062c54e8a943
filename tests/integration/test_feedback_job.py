"""``collect-feedback`` end to end against real local MediaWikis (en, ar, bn).

Comments are posted through the API by several accounts with ``~~~~`` (so
MediaWiki writes the signatures in the wiki's language), plus replies, an
outdent, an ``{{unsigned}}`` and an anonymous comment. Every test uses its
own page titles and its own store, so the session's wikis are shared.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests

from ldwg_bot.devwiki.client import ApiClient
from ldwg_bot.text import markers

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


# ---------------------------------------------------------------- helpers


class Poster:
    """Posts comments as DiscussionTools would, one edit each; remembers what it posted."""

    def __init__(self, wiki):
        self.wiki = wiki
        self.sessions: dict[str, ApiClient] = {}
        self.sections: dict[str, int] = {}
        self.posted: list[dict] = []

    def client(self, user: str) -> ApiClient:
        if user not in self.sessions:
            self.sessions[user] = ApiClient(self.wiki.api_url) if user == "~anon" else self.wiki.client(user)
        return self.sessions[user]

    def post(
        self,
        title: str,
        user: str,
        text: str,
        *,
        heading: str | None = None,
        indent: str = "",
        parent: int | None = None,
        unsigned: str = "",
        outdent: bool = False,
    ) -> dict:
        body = text + (f" {{{{unsigned|{user}|{unsigned}}}}}" if unsigned else " ~~~~")
        body = "\n".join(indent + line if line else line for line in body.split("\n"))
        if outdent:
            body = "{{outdent|::::}}\n" + body
        client = self.client(user)
        if heading is not None:
            self.sections[title] = self.sections.get(title, 0) + 1
            result = client.edit(title, section="new", sectiontitle=heading, text=body)
        else:
            result = client.edit(title, section=str(self.sections[title]), appendtext="\n" + body)
        entry = {
            "page": title,
            "user": user,
            "text": text,
            "heading": heading,
            "parent": parent,
            "revid": result["newrevid"],
            "timestamp": result["newtimestamp"],
            "unsigned": unsigned,
        }
        if heading is None:
            entry["heading"] = next(
                p["heading"] for p in reversed(self.posted) if p["page"] == title and p["heading"] is not None
            )
        self.posted.append(entry)
        return entry


def write_config(
    tmp_path: Path, wiki, *, talk_pages=(), prefixes=(), summary: str = "", extra: str = ""
) -> Path:
    cfg = tmp_path / "ldwg-bot.toml"
    cfg.write_text(
        f'store = "{tmp_path / "store.sqlite"}"\n'
        f'[site]\nfamily = "{wiki.family}"\ncode = "{wiki.family}"\napi = "{wiki.api_url}"\n'
        f'user = "LdwgBot"\nput_throttle = 0\nsummary_suffix = "(ldwg-bot test)"\n'
        f'[[group]]\nname = "ldwg"\n[group.feedback]\n'
        f"talk_pages = {json.dumps(list(talk_pages), ensure_ascii=False)}\n"
        f"prefixes = {json.dumps(list(prefixes), ensure_ascii=False)}\n"
        f"summary_page = {json.dumps(summary, ensure_ascii=False)}\n{extra}",
        encoding="utf-8",
    )
    return cfg


class Http:
    """Counts the HTTP requests this process sends to the wiki."""

    def __init__(self, monkeypatch):
        self.calls: list[dict] = []
        original = requests.Session.request

        def counting(session, method, url, *args, **kwargs):
            if "api.php" in url:
                params = dict(kwargs.get("params") or {})
                data = kwargs.get("data")
                if isinstance(data, dict):
                    params.update(data)
                elif isinstance(data, (str, bytes)):
                    from urllib.parse import parse_qsl

                    params.update(parse_qsl(data.decode() if isinstance(data, bytes) else data))
                self.calls.append(params)
            return original(session, method, url, *args, **kwargs)

        monkeypatch.setattr(requests.Session, "request", counting)

    def reset(self) -> None:
        self.calls.clear()

    def edits(self) -> list[dict]:
        return [c for c in self.calls if c.get("action") == "edit"]


def cli(*args: str) -> int:
    """In-process ``ldwg-bot collect-feedback``; pywikibot's -simulate is reset afterwards."""
    from pywikibot import config as pwb_config

    from ldwg_bot.cli import main

    try:
        return main(["collect-feedback", *args])
    finally:
        pwb_config.simulate = False


def collect(cfg: Path, tmp_path: Path, *extra: str) -> tuple[int, list[dict], dict]:
    out, report = tmp_path / "out.json", tmp_path / "report.json"
    code = cli("--config", str(cfg), "--export", str(out), "--report", str(report), *extra)
    rows = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    rep = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
    return code, rows, rep


def rendered(wiki, title: str) -> str:
    return wiki.client().get(action="parse", page=title, prop="text")["parse"]["text"]


def check_recovered(poster: Poster, rows: list[dict], anon_name: str = "127.0.0.1") -> None:
    """Every posted comment: exact author, minute of its revision, thread, parent."""
    live = [r for r in rows if r["source"] == "wiki"]
    assert len(live) == len(poster.posted), [r["author"] for r in live]
    by_page: dict[str, list[dict]] = {}
    for r in live:
        by_page.setdefault(r["page"], []).append(r)
    ids: list[str] = []
    for posted in poster.posted:
        row = by_page[posted["page"]].pop(0)
        author = anon_name if posted["user"] == "~anon" else posted["user"]
        assert row["author"] == author
        if posted["unsigned"]:
            assert row["timestamp"].startswith("2022-08-03T09:12")
        else:
            assert row["timestamp"][:16] == posted["timestamp"][:16]
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00Z", row["timestamp"])
        assert row["section"] == posted["heading"]
        assert row["text"] == posted["text"]
        parent = posted["parent"]
        assert row["parent_id"] == (ids[parent] if parent is not None else None), row
        assert row["revision"] and f"oldid={row['revision']}" in row["permalink"]
        ids.append(row["id"])


def seed_threads(poster: Poster, main: str, sub: str, *, names: dict[str, str], headings: list[str]) -> None:
    """Four threads on ``main``, one on ``sub``: replies, an outdent, {{unsigned}}, an anonymous reply."""
    n = names
    poster.post(main, n["a"], "First point about the draft.", heading=headings[0])
    poster.post(main, n["b"], "Agreed, and one more thought.", indent=":", parent=0)
    poster.post(main, n["c"], "Thanks both.", indent="::", parent=1)
    poster.post(main, n["d"], "Coming back to the first point after an outdent.", outdent=True, parent=2)
    poster.post(main, n["e"], "Does the draft cover offline organisers?", heading=headings[1])
    poster.post(main, "~anon", "Is the survey anonymous?", indent=":", parent=4)
    poster.post(
        main,
        n["e"],
        "The survey is open until the end of August.",
        heading=headings[2],
        unsigned="09:12, 3 August 2022 (UTC)",
    )
    poster.post(main, n["a"], "Nobody has answered this one yet.", heading=headings[3])
    poster.post(sub, n["b"], "Un comentario en la página traducida del borrador.", heading=headings[4])
    poster.post(sub, n["d"], "Una respuesta a ese comentario, también en español.", indent=":", parent=8)


# ------------------------------------------------------------------ tests


def test_english_end_to_end_second_run_edit_remove_and_request_counts(devwiki, tmp_path, monkeypatch):
    uid = uuid.uuid4().hex[:8]
    root = f"Talk:Feedback job {uid}"
    main, sub = f"{root}/Content", f"{root}/Content/es"
    summary = f"Feedback job {uid}/Summary"
    poster = Poster(devwiki)
    seed_threads(
        poster,
        main,
        sub,
        names={"a": "Nadia K", "b": "Tomás R", "c": "Arif Hossain", "d": "Mira Santos", "e": "Kofi A"},
        headings=[
            "Leadership without a title",
            "Offline organisers",
            "A note from the survey team",
            "Safety of volunteers",
            "Liderazgo compartido",
        ],
    )
    # a human paragraph on the summary page, before the bot's first run
    devwiki.client("Nadia K").edit(summary, text="A paragraph a human wrote about the summary.\n")
    cfg = write_config(tmp_path, devwiki, talk_pages=[main], prefixes=[f"{root}/Content/"], summary=summary)
    http = Http(monkeypatch)

    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    check_recovered(poster, rows)
    assert {r["status"] for r in rows} == {"new"}
    assert {r["language"] for r in rows if r["page"] == main} == {"en"}
    assert {
        (r["language"], r["language_detected"], r["page_language"]) for r in rows if r["page"] == sub
    } == {("es", "es", "es")}
    assert rep["counts"]["new"] == 10
    text = devwiki.client().page_text(summary)
    assert text.startswith("A paragraph a human wrote about the summary.")
    assert markers.get_section(text, "feedback-summary") is not None
    page_html = rendered(devwiki, summary)
    for expected in (
        "Leadership without a title",
        "Liderazgo compartido",
        "Not answered yet",
        "Newest comments",
        "wikitable",
        "español",
        "oldid=",
    ):
        assert expected in page_html, expected
    waiting = page_html.split('id="Not_answered_yet"', 1)[1].split('id="Newest_comments"', 1)[0]
    assert "Safety of volunteers" in waiting and "Offline organisers" not in waiting
    revisions = len(devwiki.client().revisions(summary))

    # second run: nothing new, no edit, at most 3 requests (pywikibot's userinfo + one prop=info)
    http.reset()
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0 and rep["counts"]["new"] == 0 and rep["counts"]["pages read"] == 0
    assert {r["status"] for r in rows} == {"unchanged"}
    assert len(http.calls) <= 3, http.calls
    assert not http.edits()
    assert len(devwiki.client().revisions(summary)) == revisions

    # another account edits one comment and removes another
    other = devwiki.client("Farida")
    wikitext = other.page_text(main)
    assert "Thanks both." in wikitext
    wikitext = wikitext.replace("First point about the draft.", "First point about the draft, reworded.")
    wikitext = "\n".join(
        line for line in wikitext.split("\n") if "Nobody has answered this one yet." not in line
    )
    other.edit(main, text=wikitext, summary="edit and remove")
    http.reset()
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0
    status = {r["text"]: r["status"] for r in rows}
    assert status["First point about the draft, reworded."] == "edited"
    assert status["Nobody has answered this one yet."] == "removed"
    assert rep["counts"]["edited"] == 1 and rep["counts"]["removed"] == 1 and rep["counts"]["new"] == 0
    assert sum(1 for s in status.values() if s == "unchanged") == 8
    # one page changed: pywikibot's userinfo, one prop=info, one content read, then the summary edit
    reads = [c for c in http.calls if c.get("action") != "edit" and "meta" not in c.get("action", "")]
    content_reads = [c for c in http.calls if "revisions" in c.get("prop", "") and c.get("titles") == main]
    assert len(content_reads) == 1
    assert not [c for c in http.calls if c.get("action") == "parse" or "allmessages" in c.get("meta", "")]
    before_edit = http.calls[: http.calls.index(content_reads[0]) + 1]
    assert len(before_edit) <= 3, before_edit
    assert len(http.edits()) == 1 and reads
    text = devwiki.client().page_text(summary)
    assert text.startswith("A paragraph a human wrote about the summary.")
    assert "'''9''' comments" in text

    # a human edits the summary page outside the markers: the bot keeps it and makes no edit
    human = devwiki.client("Tomás R")
    human.edit(summary, text=text + "\nA closing remark by a human.\n")
    http.reset()
    code, _, _ = collect(cfg, tmp_path)
    assert code == 0 and not http.edits()
    assert "A closing remark by a human." in devwiki.client().page_text(summary)


@pytest.mark.parametrize(
    "lang,names,headings",
    [
        (
            "ar",
            {"a": "نادية", "b": "توماس", "c": "عارف", "d": "ميرا", "e": "كوفي"},
            [
                "القيادة بدون لقب",
                "المنظمون خارج الإنترنت",
                "ملاحظة من فريق الاستبيان",
                "سلامة المتطوعين",
                "ملاحظات",
            ],
        ),
        (
            "bn",
            {"a": "নাদিয়া", "b": "তোমাস", "c": "আরিফ হোসেন", "d": "মীরা", "e": "কোফি"},
            ["পদবি ছাড়া নেতৃত্ব", "অফলাইন আয়োজক", "জরিপ দলের নোট", "স্বেচ্ছাসেবকদের নিরাপত্তা", "মন্তব্য"],
        ),
    ],
)
def test_arabic_and_bengali_wikis(devwiki_factory, tmp_path, monkeypatch, lang, names, headings):
    wiki = devwiki_factory(lang=lang)
    uid = uuid.uuid4().hex[:8]
    main, sub = f"Talk:Feedback {lang} {uid}", f"Talk:Feedback {lang} {uid}/es"
    summary = f"Feedback {lang} {uid}/Summary"
    poster = Poster(wiki)
    seed_threads(poster, main, sub, names=names, headings=headings)
    cfg = write_config(tmp_path, wiki, talk_pages=[main, sub], summary=summary)
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    check_recovered(poster, rows)
    # English words, and English is not a plausible language there: a comment clear on its own is
    # still en (issue 25), a short or unclear one keeps the page language
    on_main = [r for r in rows if r["page"] == main]
    assert {r["language"] for r in on_main} == {lang, "en"}
    assert {r["language_detected"] for r in on_main} == {None, "en"}
    assert all(r["language"] == (r["language_detected"] or lang) for r in on_main)
    assert {r["language"] for r in rows if r["page"] == sub} == {"es"}
    page_html = rendered(wiki, summary)
    assert headings[0] in page_html and names["a"] in page_html
    code, rows, rep = collect(cfg, tmp_path)
    assert rep["counts"]["new"] == 0 and {r["status"] for r in rows} == {"unchanged"}
    assert not rep["changes"]


def test_hostile_names_and_headings_are_escaped(devwiki, tmp_path):
    uid = uuid.uuid4().hex[:8]
    page, summary = f"Talk:Feedback hostile {uid}", f"Feedback hostile {uid}/Summary"
    evil_user = "Evil'''x''' * ; ! ---- ISBN 0306406152 =y ~x"  # MediaWiki accepts it
    poster = Poster(devwiki)
    poster.post(page, evil_user, "Hello from a hostile name.", heading="Normal heading")
    hostile_heading = "Evil &#91;&#91;Main Page&#93;&#93; &#123;&#123;Unsigned&#125;&#125; <b>bold</b> ''i''"
    client = devwiki.client("Kofi A")
    client.edit(page, section="new", sectiontitle=hostile_heading, text="Heading test. ~~~~")
    client.edit(
        page,
        appendtext="\n:Reply {{unsigned|Evil* ; ! -- ISBN 0306406152 ~~ __TOC__|10:00, 1 August 2022 (UTC)}}",
    )
    cfg = write_config(tmp_path, devwiki, talk_pages=[page], summary=summary)
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    authors = {r["author"] for r in rows}
    unsigned = "Evil* ; ! -- ISBN 0306406152 ~~ TOC"  # '_' is a space in user names
    assert evil_user in authors and unsigned in authors
    sections = {r["section"] for r in rows}
    heading = next(s for s in sections if s.startswith("Evil"))
    assert "[[Main Page]]" in heading and "{{Unsigned}}" in heading
    page_html = rendered(devwiki, summary)
    text = html.unescape(re.sub(r"<[^>]+>", "", page_html))
    assert evil_user in text
    assert unsigned in text
    assert heading in text
    assert "<b>bold</b>" not in page_html and "<hr" not in page_html
    assert "BookSources" not in page_html
    assert 'title="Main Page"' not in page_html and "Template:Unsigned" not in page_html


def test_simulate_writes_nothing_then_a_real_run_does(devwiki, tmp_path, monkeypatch, capsys):
    uid = uuid.uuid4().hex[:8]
    page, summary = f"Talk:Feedback simulate {uid}", f"Feedback simulate {uid}/Summary"
    Poster(devwiki).post(page, "Nadia K", "A simulated comment.", heading="Sim")
    cfg = write_config(tmp_path, devwiki, talk_pages=[page], summary=summary)
    http = Http(monkeypatch)
    capsys.readouterr()
    # no file under -simulate: the rows come on stdout, the summary and the diff on stderr
    code = cli("--config", str(cfg), "--export", "-", "--report", str(tmp_path / "report.json"), "-simulate")
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert code == 0 and f"would change: {summary}" in err  # the change is simulated
    assert f"-simulate: report not written to {tmp_path / 'report.json'}" in err
    assert not http.edits() and devwiki.client().page_text(summary) is None
    assert "would edit" in err
    assert [r["status"] for r in rows] == ["new"]
    code = cli("--config", str(cfg), "--export", str(tmp_path / "out.csv"), "-simulate")
    assert (
        code == 0
        and f"-simulate: export of 1 comment(s) not written to {tmp_path / 'out.csv'} (would be "
        in capsys.readouterr().out
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ldwg-bot.toml"]  # nor the store
    code, rows, rep = collect(cfg, tmp_path)  # the store was left as it was: still new
    assert [r["status"] for r in rows] == ["new"] and len(http.edits()) == 1
    assert "A simulated comment" in devwiki.client().page_text(summary)


def _comment_and_reply(
    devwiki, heading: str, comment: tuple[str, str], reply: tuple[str, str]
) -> tuple[str, str, Poster]:
    """A new talk page "Feedback <heading> <uid>" with a signed comment and a reply to it."""
    uid = uuid.uuid4().hex[:8]
    page = f"Talk:Feedback {heading.lower()} {uid}"
    poster = Poster(devwiki)
    poster.post(page, *comment, heading=heading)
    poster.post(page, *reply, indent=":", parent=0)
    return uid, page, poster


def test_exports_csv_json_and_stdout(devwiki, tmp_path, capsys):
    uid, page, poster = _comment_and_reply(
        devwiki, "Export", ("Nadia K", 'Comma, "quotes" and\nnew line.'), ("Tomás R", "Reply.")
    )
    cfg = write_config(tmp_path, devwiki, talk_pages=[page], summary=f"Feedback export {uid}/Summary")
    assert cli("--config", str(cfg), "--export", str(tmp_path / "c.csv"), "--no-summary") == 0
    import csv

    with open(tmp_path / "c.csv", encoding="utf-8", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert [r["author"] for r in table] == ["Nadia K", "Tomás R"]
    assert table[0]["text"] == 'Comma, "quotes" and\nnew line.'
    assert list(table[0]) == [
        "id",
        "parent_id",
        "page",
        "revision",
        "section",
        "level",
        "author",
        "timestamp",
        "language",
        "text",
        "permalink",
        "source",
        "status",
        "previous_id",
        "added_in_revision",
        "added_by",
        "added_diff",
        "signature_check",
        "language_detected",
        "language_confidence",
        "page_language",
        "draft_parts",
    ]
    assert table[1]["added_by"] == "Tomás R" and table[1]["signature_check"] == "ok"
    assert table[1]["parent_id"] == table[0]["id"] and table[0]["parent_id"] == ""
    capsys.readouterr()
    assert cli("--config", str(cfg), "--export", "-", "--no-summary") == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert [r["author"] for r in data] == ["Nadia K", "Tomás R"] and "collect-feedback" in out.err
    assert devwiki.client().page_text(f"Feedback export {uid}/Summary") is None
    assert cli("--config", str(cfg), "--export", str(tmp_path / "x.txt")) == 1


def test_api_mode_needs_no_config_and_writes_nothing(devwiki, tmp_path, monkeypatch):
    _uid, page, poster = _comment_and_reply(
        devwiki, "Api", ("Mira Santos", "Read-only extraction works."), ("~anon", "An anonymous reply.")
    )
    http = Http(monkeypatch)
    store = tmp_path / "ro.sqlite"
    out = tmp_path / "api.json"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LDWG_BOT_CONFIG", str(tmp_path / "no-such-config.toml"))
    code = cli("--api", devwiki.api_url, "--page", page, "--store", str(store), "--export", str(out))
    assert code == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    check_recovered(poster, rows)
    assert store.exists()
    assert not [c for c in http.calls if c.get("action") in ("edit", "login") or "token" in c]
    assert cli("--api", devwiki.api_url, "--store", str(store)) == 1  # no --page: one-line error


def test_csv_import_joins_the_summary_and_bad_rows_are_one_line(devwiki, tmp_path, capsys):
    uid = uuid.uuid4().hex[:8]
    page, summary = f"Talk:Feedback csv {uid}", f"Feedback csv {uid}/Summary"
    Poster(devwiki).post(page, "Farida", "A talk-page comment.", heading="Talk")
    cfg = write_config(tmp_path, devwiki, talk_pages=[page], summary=summary)
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "author,timestamp,text\nSalma,2022-08-01T12:00:00Z,ok\nOmar,yesterday,hmm\n", encoding="utf-8"
    )
    code = cli("--config", str(cfg), "--import-csv", str(bad), "--source", "Arabic community call")
    err = capsys.readouterr().err
    assert code == 1
    assert f"{bad}: row 3, column 'timestamp': 'yesterday' is not a date" in err
    assert devwiki.client().page_text(summary) is None  # nothing half-written
    good = tmp_path / "call.csv"
    good.write_text(
        "author,timestamp,language,thread,text\n"
        "Salma,2022-08-01T12:00:00Z,ar,Mentors,اقترح المشاركون ذكر دور المرشدين\n"
        'Omar,2022-08-01 12:05,ar,Mentors,"Agreed, mentors [[matter]] {{a lot}}"\n',
        encoding="utf-8",
    )
    code, rows, rep = collect(cfg, tmp_path, "--import-csv", str(good), "--source", "Arabic community call")
    assert code == 0, rep
    imported = [r for r in rows if r["source"] == "Arabic community call"]
    assert [r["author"] for r in imported] == ["Salma", "Omar"]
    assert imported[1]["timestamp"] == "2022-08-01T12:05:00Z" and imported[1]["page"] is None
    page_html = rendered(devwiki, summary)
    assert "Arabic community call" in page_html and "Mentors" in page_html and "Salma" in page_html
    assert "A talk-page comment." in page_html
    # the next run without --import-csv keeps them in the summary, unchanged, and makes no edit
    code, rows, rep = collect(cfg, tmp_path)
    assert {r["status"] for r in rows} == {"unchanged"} and len(rows) == 3 and not rep["changes"]


def test_subprocess_run_with_dir_option(devwiki, tmp_path):
    """As a user runs it: a separate process, -dir: pointing at the wiki's pywikibot folder."""
    uid = uuid.uuid4().hex[:8]
    page = f"Talk:Feedback subprocess {uid}"
    Poster(devwiki).post(page, "Kofi A", "From a subprocess run.", heading="Sub")
    cfg = write_config(tmp_path, devwiki, talk_pages=[page], summary=f"Feedback subprocess {uid}/Summary")
    cmd = [
        sys.executable,
        "-m",
        "ldwg_bot",
        "collect-feedback",
        f"-dir:{devwiki.pywikibot_dir}",
        "--config",
        str(cfg),
        "--export",
        "-",
    ]
    env = {k: v for k, v in __import__("os").environ.items() if k != "PYWIKIBOT_DIR"}
    first = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)[0]["author"] == "Kofi A"
    second = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120)
    assert second.returncode == 0 and "no change" in second.stderr


def test_moved_or_deleted_talk_page_keeps_its_comments(devwiki, tmp_path):
    """Issue 12.4: a moved page (now a redirect) or a deleted one never turns its comments
    into 'removed'; the run names the redirect target and says to update the config."""
    uid = uuid.uuid4().hex[:8]
    moved, target, gone = (
        f"Talk:Moved {uid}/Content",
        f"Talk:Moved {uid}/Content (2022)",
        f"Talk:Gone {uid}/Content",
    )
    poster = Poster(devwiki)
    poster.post(moved, "Nadia K", "A point on the page that will move.", heading="Moving")
    poster.post(moved, "Tomás R", "A reply before the move.", indent=":", parent=0)
    poster.post(gone, "Kofi A", "A point on a page that will be deleted.", heading="Going")
    cfg = write_config(tmp_path, devwiki, talk_pages=[moved, gone], summary=f"Moved {uid}/Summary")
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    assert len(rows) == 3 and {r["status"] for r in rows} == {"new"}

    admin = devwiki.client("Admin")
    admin.post(action="move", **{"from": moved}, to=target, reason="test", token=admin.token())
    admin.post(action="delete", title=gone, reason="test", token=admin.token())
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    assert len(rows) == 3 and "removed" not in {r["status"] for r in rows}, rows
    assert rep["counts"]["removed"] == 0
    notes = "\n".join(rep["notes"] + rep["warnings"])
    assert f"{moved} is now a redirect to {target}; update feedback.talk_pages" in notes
    assert f"{gone}: the page no longer exists" in notes


def test_a_human_edit_inside_the_summary_is_reported_when_replaced(devwiki, tmp_path):
    """Issue 12.1: the summary is rebuilt, but the run says it replaced a human's edit, with the diff."""
    uid = uuid.uuid4().hex[:8]
    talk, summary = f"Talk:Summary edit {uid}/Content", f"Summary edit {uid}/Summary"
    Poster(devwiki).post(talk, "Nadia K", "A point for the summary.", heading="Summary test")
    cfg = write_config(tmp_path, devwiki, talk_pages=[talk], summary=summary)
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0 and rep["replaced"] == [], rep
    text = devwiki.client().page_text(summary)
    marker = "<!-- ldwg-bot:feedback-summary:end -->"
    devwiki.client("Tomás R").edit(summary, text=text.replace(marker, "A human line inside.\n" + marker))
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    assert len(rep["replaced"]) == 1, rep
    assert rep["replaced"][0].startswith(f"replaced an edit made on the wiki: {summary} (feedback-summary)")
    assert "\n-A human line inside." in rep["replaced"][0]
    assert "A human line inside." not in devwiki.client().page_text(summary)


def test_a_page_over_the_parse_budget_is_skipped_with_one_line_and_the_run_goes_on(devwiki, tmp_path):
    uid = uuid.uuid4().hex[:8]
    small, big = f"Talk:Feedback budget {uid}", f"Talk:Feedback budget big {uid}"
    summary = f"Feedback budget {uid}/Summary"
    Poster(devwiki).post(small, "Nadia K", "A normal comment.", heading="Fine")
    line = "[[User:Kofi A|Kofi A]] ([[User talk:Kofi A|talk]]) 10:00, 1 August 2022 (UTC)"
    # about 500 KB: cheap for MediaWiki to save (one section, one user link target), and
    # ~0.25 s for our parser, five times the budget
    devwiki.client("Kofi A").edit(
        big, text="== Long ==\n" + "".join(f":Point {i}. {line}\n" for i in range(5000))
    )
    cfg = write_config(
        tmp_path, devwiki, talk_pages=[big, small], summary=summary, extra="parse_budget_seconds = 0.05\n"
    )
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    assert [r["text"] for r in rows] == ["A normal comment."]
    notes = [n for n in rep["notes"] if big in n]
    assert len(notes) == 1 and "skipped" in notes[0] and "budget of 0.05 s" in notes[0], rep["notes"]
    assert "A normal comment" in devwiki.client().page_text(summary)
    code, rows, rep = collect(cfg, tmp_path)  # not parsed again while the page is unchanged
    assert code == 0 and [n for n in rep["notes"] if big in n and "still skipped" in n]


def _english_stamp(iso: str, hours: int = 0) -> str:
    from datetime import datetime, timedelta

    when = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ") + timedelta(hours=hours)
    return f"{when:%H:%M}, {when.day} {when:%B %Y} (UTC)"


def test_authorship_forged_signature_moved_thread_archive_and_request_cost(devwiki, tmp_path, monkeypatch):
    uid = uuid.uuid4().hex[:8]
    root = f"Talk:Feedback who {uid}"
    page, archive, summary = f"{root}/Content", f"{root}/Content/Archive 1", f"Feedback who {uid}/Summary"
    poster = Poster(devwiki)
    first = poster.post(page, "Nadia K", "Opening the first topic.", heading="First topic")
    poster.post(page, "Tomás R", "A reply that will be moved.", indent=":", parent=0)
    poster.post(page, "Kofi A", "Opening the second topic.", heading="Second topic")
    poster.post(page, "Arif Hossain", "To be archived.", heading="Old topic")
    cfg = write_config(tmp_path, devwiki, prefixes=[f"{root}/Content"], summary=summary)
    http = Http(monkeypatch)

    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    assert [(r["added_by"], r["signature_check"]) for r in rows] == [
        ("Nadia K", "ok"),
        ("Tomás R", "ok"),
        ("Kofi A", "ok"),
        ("Arif Hossain", "ok"),
    ]
    assert all(f"diff=prev&oldid={r['added_in_revision']}" in r["added_diff"] for r in rows)
    assert rows[0]["added_in_revision"] == first["revid"]
    # first run: one history read of the page (4 revisions, at most 50 back)
    history = [c for c in http.calls if c.get("rvprop") == "ids|timestamp|user|sha1|content"]
    assert [c["titles"] for c in history] == [page]

    # Farida signs as Nadia K, 7 hours in the future
    farida = devwiki.client("Farida")
    forged = (
        f":A forged agreement. [[User:Nadia K|Nadia K]] ([[User talk:Nadia K|talk]]) "
        f"{_english_stamp(first['timestamp'], hours=7)}"
    )
    farida.edit(page, section="1", appendtext="\n" + forged)
    # Kofi signs for someone who forgot
    devwiki.client("Kofi A").edit(
        page,
        section="2",
        appendtext="\n:I forgot to sign. {{unsigned|Mira Santos|10:00, 1 August 2022 (UTC)}}",
    )
    # Tomás cuts his reply from the first topic and pastes it under the second
    tomas = devwiki.client("Tomás R")
    text = tomas.page_text(page)
    reply = next(line for line in text.split("\n") if "A reply that will be moved." in line)
    text = text.replace(reply + "\n", "")
    text = text.replace("Opening the second topic.", "Opening the second topic.", 1)
    head, sep, tail = text.partition("== Old topic ==")
    text = head.rstrip("\n") + "\n" + reply + "\n\n" + sep + tail
    tomas.edit(page, text=text, summary="move my reply")
    # an archiving account moves the old topic to the archive page (two edits)
    archiver = devwiki.client("Oluwaseun")
    old_topic = "== Old topic ==" + archiver.page_text(page).split("== Old topic ==", 1)[1]
    archiver.edit(archive, text=old_topic, summary="archive")
    archiver.edit(
        page, text=archiver.page_text(page).replace(old_topic, "").rstrip() + "\n", summary="archive"
    )

    http.reset()
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0, rep
    by_text = {r["text"]: r for r in rows if r["status"] != "removed"}
    forged_row = by_text["A forged agreement."]
    assert (forged_row["author"], forged_row["added_by"], forged_row["signature_check"]) == (
        "Nadia K",
        "Farida",
        "mismatch",
    )
    assert by_text["I forgot to sign."]["signature_check"] == "unsigned-template"
    assert by_text["I forgot to sign."]["added_by"] == "Kofi A"
    moved = by_text["A reply that will be moved."]
    assert moved["status"] == "moved" and moved["section"] == "Second topic"
    assert moved["previous_id"] and moved["previous_id"] != moved["id"] and "Nadia_K" in moved["previous_id"]
    archived = next(r for r in rows if r["page"] == archive)
    assert (archived["status"], archived["added_by"], archived["signature_check"]) == (
        "new",
        "Oluwaseun",
        "moved",
    )
    assert rep["counts"]["moved"] == 1
    # cost: one history read per changed page (5 new revisions and 2 on a new page: 50 a request)
    history = [c for c in http.calls if c.get("rvprop") == "ids|timestamp|user|sha1|content"]
    assert sorted(c["titles"] for c in history) == sorted([page, archive])
    text = devwiki.client().page_text(summary)
    checks = text.split("=== Signatures to check ===", 1)[1].split("=== Newest comments ===", 1)[0]
    assert "Nadia K" in checks and "Farida" in checks and "diff=prev" in checks
    assert "Mira Santos" not in checks and "Oluwaseun" not in checks
    assert "A forged agreement" in text.split("=== Newest comments ===", 1)[1]  # never hidden

    # a page with 120 revisions since the last run: ceil(121 / 50) = 3 history reads
    from ldwg_bot.devwiki.manager import ADMIN_USER

    admin = devwiki.client(ADMIN_USER)  # sysops are not rate-limited
    for i in range(120):
        admin.edit(page, appendtext=f"\n:Note {i}. ~~~~")
    http.reset()
    code, rows, rep = collect(cfg, tmp_path)
    assert code == 0 and rep["counts"]["new"] == 120
    history = [c for c in http.calls if c.get("rvprop") == "ids|timestamp|user|sha1|content"]
    assert len(history) == 3
    assert {r["signature_check"] for r in rows if r["text"].startswith("Note ")} == {"ok"}
    http.reset()
    code, rows, rep = collect(cfg, tmp_path)  # nothing changed: no history read at all
    assert code == 0 and not [c for c in http.calls if "content" in c.get("rvprop", "")]


def test_a_comment_archived_before_the_first_run_is_moved_not_forged(devwiki, tmp_path):
    uid = uuid.uuid4().hex[:8]
    page, archive = f"Talk:Feedback arch {uid}", f"Talk:Feedback arch {uid}/Archive"
    poster = Poster(devwiki)
    poster.post(page, "Nadia K", "Archived before the bot ever ran.", heading="Old")
    poster.post(page, "Kofi A", "Still here.", heading="Current")
    archiver = devwiki.client("Oluwaseun")
    text = archiver.page_text(page)
    old = text[: text.index("== Current ==")]
    archiver.edit(archive, text=old, summary="archive")
    archiver.edit(page, text=text.replace(old, ""), summary="archive")
    cfg = write_config(tmp_path, devwiki, talk_pages=[page, archive], summary=f"Feedback arch {uid}/S")
    code, rows, rep = collect(cfg, tmp_path, "--no-summary")
    assert code == 0, rep
    checks = {r["text"]: (r["added_by"], r["signature_check"]) for r in rows}
    assert checks == {
        "Still here.": ("Kofi A", "ok"),
        "Archived before the bot ever ran.": ("Oluwaseun", "moved"),
    }


def test_nobots_on_a_summary_that_needs_no_change_is_no_failure(devwiki, tmp_path):
    """Issue 23: {{nobots}} added to the summary page stops only an edit; a run with nothing new
    to write edits nothing and exits 0, and a run with something new is refused as before."""
    uid = uuid.uuid4().hex[:8]
    talk, summary = f"Talk:Nobots summary {uid}/Content", f"Nobots summary {uid}/Summary"
    poster = Poster(devwiki)
    poster.post(talk, "Nadia K", "A point before the page said no bots.", heading="Nobots test")
    cfg = write_config(tmp_path, devwiki, talk_pages=[talk], summary=summary)
    assert collect(cfg, tmp_path)[0] == 0
    devwiki.client("Admin").edit(summary, text="{{nobots}}\n" + devwiki.client().page_text(summary))
    before = devwiki.client().revisions(summary)
    code, _, rep = collect(cfg, tmp_path)
    assert code == 0 and rep["errors"] == [], rep
    poster.post(talk, "Tomás R", "A reply the summary would add.", indent=":", parent=0)
    code, _, rep = collect(cfg, tmp_path)
    assert code == 1 and "forbids" in rep["errors"][0], rep
    assert devwiki.client().revisions(summary) == before
