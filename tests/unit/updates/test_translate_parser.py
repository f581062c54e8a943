"""The rendered pages as Translate REL1_39 itself parses them (vendored PHP, no wiki).

Runs ``TranslatablePageParser`` from ``../shared/vendor`` with the PHP CLI:
every unit must already carry the id we gave it (Translate would save the
page unchanged when marking), tvars must be recognised, and the rendered
source page must be plain wikitext.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ldwg_bot.updates.page import publish_to_page
from ldwg_bot.updates.source import load_update
from ldwg_bot.updates.subpages import render_latest_box, render_month_page
from tests.shared import shared_path

from .util import EXAMPLES, update

pytestmark = pytest.mark.translate
HARNESS = Path(__file__).with_name("translate_parse.php")


def translate_parse(text: str) -> dict:
    php = shutil.which("php")
    if php is None:
        pytest.skip("needs the php CLI")
    translate = shared_path("vendor", "mediawiki-extensions", "Translate")
    out = subprocess.run([php, str(HARNESS), str(translate)], input=text, text=True,
                         capture_output=True, check=True, timeout=60)
    return json.loads(out.stdout)


def assert_marked(text: str) -> dict:
    result = translate_parse(text)
    assert "error" not in result, result.get("error")
    assert result["saved"] == text                 # nothing for Translate to add or move
    assert all(u["id"] != "-1" for u in result["units"])
    assert "<translate" not in result["rendered"] and "<!--T:" not in result["rendered"]
    return result


def test_one_page_with_both_examples():
    page, high = publish_to_page("Intro.\n\n== About ==\nText.\n", load_update(EXAMPLES / "2022-07.md"), 0)
    page, high = publish_to_page(page, load_update(EXAMPLES / "2022-08.md"), high)
    result = assert_marked(page)
    ids = [u["id"] for u in result["units"]]
    assert len(ids) == len(set(ids)) == high
    by_id = {u["id"]: u for u in result["units"]}
    image = next(u for u in by_id.values() if "File:" in u["text"])
    assert image["vars"] == {"$file1": "Example.png"}
    assert image["for_translators"].startswith("[[File:$file1|thumb|")
    link = next(u for u in by_id.values() if "forum.movement-strategy.org" in u["text"])
    assert link["vars"] == {"$url1": "https://forum.movement-strategy.org/"} and link["inline"] is False
    item = next(u for u in by_id.values() if u["text"].startswith("We agreed on three goals"))
    assert item["inline"] is True
    assert "\n* We agreed on three goals for the group (see below).\n" in result["rendered"]
    assert "\n== July 2022 ==\n" in result["rendered"]


def test_sample_renders_as_plain_wikitext():
    sample = load_update(shared_path("samples", "updates", "2022-07.md"))
    result = assert_marked(publish_to_page("", sample, 0)[0])
    assert "\n| August 2022\n| Community feedback, survey and community calls\n" in result["rendered"]


def test_month_page_and_box():
    u = update("## Hello\n\nText with `code` and [a link](https://example.org/x).\n\n1. a\n   - b")
    assert_marked(render_month_page(u, None, 0)[0])
    assert_marked(render_latest_box(u, "LDWG/Updates#update-2022-07", None, 0)[0])


def test_escaped_markup_survives_translate():
    u = update("Use {{this}} and <translate> and ~~~~ literally.")
    result = assert_marked(publish_to_page("", u, 0)[0])
    assert "Use <nowiki>{{</nowiki>this<nowiki>}}</nowiki> and &lt;translate>" in result["rendered"]
