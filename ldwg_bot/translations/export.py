"""Export the cells as rows for JSON (an array) or CSV.

Row fields, in this order: ``page, language, total, translated, outdated,
proofread, percent, last_change, url, state``. Unknown values are ``null`` in
JSON and empty in CSV; ``last_change`` is ISO 8601 UTC (``...Z``); ``url`` is
the translation page ``<Title>/<code>`` on the wiki.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO
from urllib.parse import quote

from ..text.csvsafe import safe_row
from .model import Cell, format_timestamp

FIELDS = (
    "page",
    "language",
    "total",
    "translated",
    "outdated",
    "proofread",
    "percent",
    "last_change",
    "url",
    "state",
)
DEFAULT_ARTICLE_URL = "https://meta.wikimedia.org/wiki/$1"


def wiki_urlencode(title: str) -> str:
    """MediaWiki's ``wfUrlencode`` of a title (spaces as underscores)."""
    return quote(title.replace(" ", "_"), safe=";@$!*(),/~:")


def page_url(title: str, article_url: str = DEFAULT_ARTICLE_URL) -> str:
    """Full URL of a page; ``article_url`` is siteinfo ``server`` + ``articlepath``."""
    return article_url.replace("$1", wiki_urlencode(title))


def export_rows(cells: Iterable[Cell], *, article_url: str = DEFAULT_ARTICLE_URL) -> list[dict]:
    """One dict per cell, with :data:`FIELDS` as keys."""
    return [
        {
            "page": c.page,
            "language": c.language,
            "total": c.total,
            "translated": c.translated,
            "outdated": c.outdated,
            "proofread": c.proofread,
            "percent": c.percent,
            "last_change": format_timestamp(c.last_change),
            "url": page_url(f"{c.page}/{c.language}", article_url),
            "state": c.state,
        }
        for c in cells
    ]


def write_json(rows: Iterable[dict], fp: IO[str]) -> None:
    """A JSON array of the rows (UTF-8 text, one row per line)."""
    rows = list(rows)
    fp.write("[\n" if rows else "[")
    fp.write(",\n".join(json.dumps({k: row.get(k) for k in FIELDS}, ensure_ascii=False) for row in rows))
    fp.write("\n]\n" if rows else "]\n")


def write_csv(rows: Iterable[dict], fp: IO[str]) -> None:
    """CSV with a header line; None becomes an empty field, formula-like text is
    neutralised (:mod:`ldwg_bot.text.csvsafe`). Open ``fp`` with ``newline=""``."""
    writer = csv.DictWriter(fp, fieldnames=FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(safe_row(row, FIELDS))
