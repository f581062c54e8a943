"""The path without Translate: language subpages ``<Title>/<code>`` and their times.

Without Translate there are no unit counts, so a language is only
``current`` (its subpage was changed at or after the source page's last
change), ``outdated`` (changed before it) or ``missing``; the percent is
unknown (None), never guessed.

The last-change times come from the latest revision of each page:
``list=allpages`` itself gives only ids and titles, and
``generator=allpages&prop=info`` gives ``touched``/``lastrevid`` (touched
moves on cache purges, so it is not the last change). ``prop=revisions`` with
``rvprop=timestamp`` in multi-page mode gives each page's latest revision
(MediaWiki ``ApiQueryRevisions.php:131-136``: without content the limit is
500, or 5000 with apihighlimits). Two ways to ask, both built here:

* :func:`subpage_queries` (any language): one ``generator=allpages`` prefix
  query per namespace and title root; the pages found include the source
  pages themselves, so no other request is needed. Pages under the prefix
  that are not ``<tracked title>/<code>`` are dropped by :func:`subpage_cells`.
* :func:`title_batches` (a known set of languages): the candidate titles,
  50 a request (the ``titles`` limit without apihighlimits), so P pages and L
  languages cost ``ceil(P * (L + 1) / 50)`` requests, whatever else lives
  under the prefix.

The caller performs the requests (and their continuation) and passes the
merged answers to :func:`pages_from_response`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from os.path import commonprefix

from ..text.langcode import is_language_code
from .model import CURRENT, MISSING, OUTDATED, UNKNOWN, Cell, parse_timestamp

TITLES_PER_REQUEST = 50


def _norm(title: str) -> str:
    return title.replace("_", " ").strip()


def allpages_params(prefix: str, namespace: int, *, limit: int | str = "max") -> dict:
    """One ``generator=allpages`` prefix query with each page's last-edit time."""
    return {
        "action": "query",
        "generator": "allpages",
        "gapprefix": _norm(prefix),
        "gapnamespace": namespace,
        "gaplimit": limit,
        "gapfilterredir": "nonredirects",
        "prop": "revisions",
        "rvprop": "timestamp",
        "formatversion": 2,
    }


def subpage_queries(pages: Iterable[tuple[int, str]]) -> list[dict]:
    """Prefix queries covering the pages and their subpages.

    ``pages`` are ``(namespace id, title without namespace prefix)``. Pages of
    one namespace that share a root (text before the first ``/``) are covered
    by one query whose prefix is their longest common prefix; different roots
    get their own query, so a whole namespace is never enumerated.
    """
    groups: dict[tuple[int, str], list[str]] = {}
    for namespace, title in pages:
        title = _norm(title)
        groups.setdefault((namespace, title.split("/", 1)[0]), []).append(title)
    return [
        allpages_params(commonprefix(sorted(titles)), namespace)
        for (namespace, _root), titles in sorted(groups.items())
    ]


def title_batches(
    titles: Iterable[str], languages: Iterable[str], *, batch: int = TITLES_PER_REQUEST
) -> list[dict]:
    """``titles=`` queries for the source pages and every ``Title/code``."""
    wanted = [_norm(t) for t in titles]
    codes = sorted(set(languages))
    names = list(dict.fromkeys(wanted + [f"{t}/{c}" for t in wanted for c in codes]))
    return [
        {
            "action": "query",
            "prop": "revisions",
            "rvprop": "timestamp",
            "titles": "|".join(names[i : i + batch]),
            "formatversion": 2,
        }
        for i in range(0, len(names), batch)
    ]


def pages_from_response(response: Mapping) -> list[tuple[str, datetime]]:
    """``(title, last change)`` of the existing pages in one answer.

    Accepts formatversion 2 (``pages`` a list) and 1 (a dict by page id);
    missing pages and pages without a revision are left out.
    """
    pages = (response.get("query") or {}).get("pages") or []
    if isinstance(pages, Mapping):
        pages = list(pages.values())
    found = []
    for page in pages:
        if "missing" in page or "invalid" in page:
            continue
        revisions = page.get("revisions") or []
        if revisions and revisions[0].get("timestamp"):
            found.append((page["title"], parse_timestamp(revisions[0]["timestamp"])))
    return found


def find_subpages(title: str, pages: Iterable[tuple[str, datetime | str]]) -> dict[str, datetime]:
    """``code -> last change`` for the direct subpages ``title/code`` among ``pages``."""
    prefix = _norm(title) + "/"
    found: dict[str, datetime] = {}
    for name, when in pages:
        name = _norm(name)
        if name.startswith(prefix):
            code = name[len(prefix) :]
            if "/" not in code and code:
                found[code] = parse_timestamp(when)
    return found


def source_last_change(title: str, pages: Iterable[tuple[str, datetime | str]]) -> datetime | None:
    """The last change of ``title`` itself among ``pages`` (None when absent)."""
    title = _norm(title)
    for name, when in pages:
        if _norm(name) == title:
            return parse_timestamp(when)
    return None


def subpage_cells(
    title: str,
    pages: Iterable[tuple[str, datetime | str]],
    source_changed: datetime | str | None,
    *,
    languages: Iterable[str] | None,
    known_languages: Collection[str] | None = None,
    source_language: str = "en",
) -> list[Cell]:
    """One :class:`Cell` per language for page ``title`` without Translate.

    ``languages`` None means every subpage whose last segment is a language
    code (in ``known_languages`` when given, else shaped like one), source
    language and ``qqq`` excluded. A subpage with an unknown source time is
    ``unknown``.
    """
    found = find_subpages(title, pages)
    source_time = parse_timestamp(source_changed)
    if languages is None:

        def is_language(code: str) -> bool:
            if known_languages is not None:
                return code in known_languages
            return is_language_code(code)

        codes = sorted(c for c in found if is_language(c) and c not in (source_language, "qqq"))
    else:
        codes = list(languages)
    cells = []
    for code in codes:
        when = found.get(code)
        if when is None:
            state = MISSING
        elif source_time is None:
            state = UNKNOWN
        else:
            state = OUTDATED if when < source_time else CURRENT
        cells.append(Cell(_norm(title), code, state, last_change=when))
    return cells
