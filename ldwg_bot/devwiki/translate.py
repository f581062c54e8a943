"""What a translation admin does on a devwiki with Translate (tests and benchmarks use it).

Kept apart from :mod:`.manager`, which installs and serves the wiki whatever
extensions it has.
"""
from __future__ import annotations

from .manager import ADMIN_USER, DevWiki
from .mediawiki import DevWikiError


def mark_for_translation(wiki: DevWiki, title: str, *, translate_title: bool = True) -> str:
    """Mark ``title`` for translation as a translation admin does on Translate REL1_39.

    That version has no ``action=markfortranslation`` API, so this POSTs the
    Special:PageTranslation form from a session logged in with the Admin's main
    password (BotPassword sessions cannot use special pages), then runs the job
    queue so statistics and ``<page>/<lang>`` pages settle. Returns the HTML answer.
    """
    admin = wiki.client(ADMIN_USER)
    pages = admin.get(action="query", prop="info", titles=title)["query"]["pages"]
    if pages[0].get("missing"):
        raise DevWikiError(f"{title}: cannot mark a missing page for translation")
    form = {"title": "Special:PageTranslation", "do": "mark", "target": title,
            "revision": str(pages[0]["lastrevid"]), "token": admin.token(), "transclusion": "1"}
    if translate_title:
        form["translatetitle"] = "1"
    response = admin.session.post(admin.index_url, data=form, timeout=60)
    response.raise_for_status()
    if "mw-message-box-success" not in response.text and "successbox" not in response.text:
        raise DevWikiError(f"{title}: Special:PageTranslation did not mark the page")
    wiki.run_jobs()
    return response.text
