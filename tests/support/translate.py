"""What a translation admin does on a devwiki with Translate (the tests use it).

Kept apart from :mod:`ldwg_bot.devwiki.manager`, which installs and serves the wiki whatever
extensions it has.
"""

from __future__ import annotations

from ldwg_bot.devwiki.manager import ADMIN_USER, DevWiki
from ldwg_bot.devwiki.mediawiki import DevWikiError


def mark_for_translation(
    wiki: DevWiki, title: str, *, translate_title: bool = True, run_jobs: bool = True
) -> str:
    """Mark ``title`` for translation as a translation admin does on Translate REL1_39.

    That version has no ``action=markfortranslation`` API, so this POSTs the
    Special:PageTranslation form from a session logged in with the Admin's main
    password (BotPassword sessions cannot use special pages), then runs the job
    queue so statistics and ``<page>/<lang>`` pages settle (``run_jobs=False``: left
    queued, to see what readers get before Translate's jobs ran). Returns the HTML answer.
    """
    admin = wiki.client(ADMIN_USER)
    pages = admin.get(action="query", prop="info", titles=title)["query"]["pages"]
    if pages[0].get("missing"):
        raise DevWikiError(f"{title}: cannot mark a missing page for translation")
    form = {
        "title": "Special:PageTranslation",
        "do": "mark",
        "target": title,
        "revision": str(pages[0]["lastrevid"]),
        "token": admin.token(),
        "transclusion": "1",
    }
    if translate_title:
        form["translatetitle"] = "1"
    response = admin.session.post(admin.index_url, data=form, timeout=60)
    response.raise_for_status()
    refusal = mark_form_refusal(response.text)
    if refusal is not None:
        raise DevWikiError(f"{title}: Special:PageTranslation did not mark the page: {refusal}")
    if run_jobs:
        wiki.run_jobs()
    return response.text


def mark_form_refusal(html: str) -> str | None:
    """What Special:PageTranslation's answer to the mark form says when it did not mark the
    page (one line), None when it did: a success box; otherwise its error box or permission
    error, always with HTTP 200 (recorded on Translate REL1_39; REL1_43 on MediaWiki 1.43 shows
    its success in a Codex ``cdx-message--success`` box)."""
    if "mw-message-box-success" in html or "successbox" in html or "cdx-message--success" in html:
        return None
    from tests.support.browser import read_page

    text = " ".join("".join(read_page(html).text).split())
    return text.split(" Retrieved from ")[0][:300] or "no answer"
