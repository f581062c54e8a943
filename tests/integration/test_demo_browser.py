"""The demo as a reader sees it: its jobs on a devwiki, every page it prints opened in Chromium.

The devwiki has no Translate (as most wikis a working group uses), so a page
showing ``<translate>``, ``<tvar``, ``<!--T:`` or ``<languages`` as text, a
link to a file the wiki does not have, a red link or wikitext shown as text
fails the test. Images must load.
"""

from __future__ import annotations

import os

import pytest
import requests

from ldwg_bot.config import load
from ldwg_bot.demo import FORUM_TABLE, demo_pages, run_jobs
from ldwg_bot.devwiki.forum import ExampleForum
from tests.helpers import write_config
from tests.support.browser import ChromiumMissing, chromium, image_sources, problems, rendered_html

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def browser() -> str:
    try:
        return chromium()
    except ChromiumMissing as exc:
        if os.environ.get("CI") or os.environ.get("LDWG_BOT_REQUIRE_SHARED") == "1":
            pytest.fail(f"{exc}")
        pytest.skip(str(exc))


def test_every_demo_page_renders_right(browser, devwiki_factory, tmp_path):
    wiki = devwiki_factory(name="demo-browser")
    cfg = write_config(tmp_path / "ldwg-bot.toml", wiki)
    with ExampleForum() as forum:  # as the demo: the default config plus its forum thread
        cfg.write_text(cfg.read_text(encoding="utf-8") + FORUM_TABLE.format(url=forum.url), encoding="utf-8")
        assert run_jobs(cfg) == 0
    pages = demo_pages(load(cfg))
    assert len(pages) == 5
    seen_images = 0
    for title in pages:
        url = wiki.page_url(title)
        html = rendered_html(url)
        assert problems(html) == [], url
        for src in image_sources(html):
            answer = requests.get(requests.compat.urljoin(url, src), timeout=30)
            assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("image/"), src
            seen_images += "LDWG_logo" in src
    assert seen_images >= 1  # the example update's own image, uploaded by the devwiki
