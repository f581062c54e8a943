"""What the benchmark wikis hold: status pages with language subpages, generated talk pages,
translatable pages with some translations, and the config groups that point the jobs at them."""

from __future__ import annotations

import json
import random
import time

import talkgen
from wikis import BenchWiki, import_pages

from ldwg_bot.devwiki import DevWikiError
from ldwg_bot.devwiki.manager import ADMIN_USER

LANGS = ["es", "pt", "ar", "bn", "fr"]  # the default config's group
STATUS_ROOT = "Bench status"
FEEDBACK_ROOT = "Bench feedback"
TR_ROOT = "Trbench"


def seed_scale(bw: BenchWiki, max_pages: int, feedback_pages: int) -> dict:
    """Status pages (P sources x 5 language subpages, some missing/outdated) and N talk pages."""
    rnd = random.Random(8)
    pages = []
    exist = {"es": 0.9, "pt": 0.6, "ar": 0.7, "bn": 0.3, "fr": 0.5}
    for i in range(1, max_pages + 1):
        title = f"{STATUS_ROOT}/Page {i:04d}"
        pages.append(
            (
                title,
                f"Source page {i} of the status benchmark.\n\n== Section ==\nText.\n",
                "2024-02-01T12:00:00Z",
            )
        )
        for code in LANGS:
            if rnd.random() < exist[code]:
                day = rnd.randint(1, 28)
                month = rnd.choice((1, 3))  # January: outdated, March: current
                pages.append(
                    (
                        f"{title}/{code}",
                        f"Translation of page {i} ({code}).\n",
                        f"2024-{month:02d}-{day:02d}T10:00:00Z",
                    )
                )
    for i in range(1, feedback_pages + 1):
        text, _ = talkgen.talk_page(rnd.randint(3_000, 30_000), "en", seed=i)
        pages.append((f"Talk:{FEEDBACK_ROOT}/Page {i:02d}", text.lstrip("\n"), "2024-04-01T08:00:00Z"))
    seconds = import_pages(bw.wiki, pages)
    bw.wiki.client("Nadia K")  # the human who edits a talk page later (account made now)
    return {"pages": len(pages), "import_s": seconds}


TR_SOURCE = """<languages/>
<translate>
The working group keeps this page ({n}) about its work current.

== Meetings ==

The group meets every month; notes are published on the talk page.

Everyone is welcome to comment on the drafts.
</translate>
"""
TR_UNITS = {
    "es": [
        "El grupo de trabajo mantiene esta página al día.",
        "Reuniones",
        "El grupo se reúne cada mes.",
        "Todos pueden comentar los borradores.",
    ],
    "ar": ["تحافظ مجموعة العمل على تحديث هذه الصفحة.", "الاجتماعات"],
    "bn": ["কর্মী দল এই পাতাটি হালনাগাদ রাখে।"],
}
TR_TRANSLATORS = {"es": "Tomás R", "ar": "Farida", "bn": "Arif Hossain"}


def seed_translate(bw: BenchWiki, count: int) -> dict:
    """``count`` translatable pages: created by the admin, each marked with one
    Special:PageTranslation POST (no job run in between), some units of the first
    ten translated by three translators, then one runJobs."""
    wiki = bw.wiki
    admin = wiki.client(ADMIN_USER)
    token = admin.token()
    t0 = time.perf_counter()
    revisions = {}
    for i in range(1, count + 1):
        title = f"{TR_ROOT}/Page {i:03d}"
        revisions[title] = admin.post(
            action="edit", title=title, text=TR_SOURCE.format(n=i), summary="translatable page", token=token
        )["edit"]["newrevid"]
    for title, rev in revisions.items():
        form = {
            "title": "Special:PageTranslation",
            "do": "mark",
            "target": title,
            "revision": str(rev),
            "token": token,
            "transclusion": "1",
            "translatetitle": "1",
        }
        html = admin.session.post(admin.index_url, data=form, timeout=120).text
        if "mw-message-box-success" not in html and "successbox" not in html:
            raise DevWikiError(f"{title}: Special:PageTranslation did not mark the page")
    marked = time.perf_counter() - t0
    for code, user in TR_TRANSLATORS.items():
        client = wiki.client(user)
        utoken = client.token()
        for n, title in enumerate(list(revisions)[:10]):  # human translators: few pages, no rate limit
            units = TR_UNITS[code][: (n % len(TR_UNITS[code])) + 1]
            for u, text in enumerate(units, start=1):
                client.post(
                    action="edit",
                    title=f"Translations:{title}/{u}/{code}",
                    text=text,
                    summary=f"{code} translation",
                    token=utoken,
                )
    t1 = time.perf_counter()
    wiki.run_jobs()
    return {
        "pages": count,
        "create_and_mark_s": marked,
        "run_jobs_s": time.perf_counter() - t1,
        "total_s": time.perf_counter() - t0,
    }


def status_group(name: str, pages: list[str], table: str, root: str) -> str:
    return f"""
name = "{name}"
root = "{root}"
languages = {json.dumps(LANGS)}

[group.translations]
pages = {json.dumps(pages, ensure_ascii=False)}
table_page = "{table}"
"""


def feedback_group(titles: list[str], summary: str) -> str:
    return f"""
name = "feedback-bench"
root = "{FEEDBACK_ROOT}"
languages = ["es"]

[group.feedback]
talk_pages = {json.dumps(titles, ensure_ascii=False)}
prefixes = []
summary_page = "{summary}"
"""
