"""Comment extraction from talk pages (pure; no I/O).

Data flow for the ``collect-feedback`` job::

    job (I/O)                                  this package (pure)
    ---------                                  -------------------
    GET conventions.SITEINFO_PARAMS            conventions_from_api(siteinfo_json, pst_json)
        + amlang=<content language>              -> WikiConventions (cache it per wiki)
    GET conventions.PST_PARAMS
    GET page wikitext (any talk page)   --->   parse_comments(wikitext, conv) -> list[Comment]
    (revision, page language, permalink)       record.from_comment(...) -> CommentRecord
                                               language.annotate, authorship.* -> new records
    store (apply_records / comments)   <---    CommentRecord in, StoredComment out

- :mod:`.conventions` learns namespaces, Special:Contributions aliases, month
  names, the timestamp layout and the local time zone from the two API
  responses (``WikiConventions.default_english()`` for tests/offline use).
- :mod:`.signatures` finds user links and timestamps and pairs them.
- :mod:`.mask` blanks what is not discussion text in one linear pass and
  finds ``{{unsigned}}`` / ``{{outdent}}``.
- :mod:`.parse` reads headings, comment extents, text and indentation in
  named steps, within a time budget.
- :mod:`.threads` states the DiscussionTools threading rules we adopt and
  computes parents and ids.
"""

from __future__ import annotations

from .conventions import PST_PARAMS, SITEINFO_PARAMS, WikiConventions, conventions_from_api
from .parse import Comment, ParseTimeout, parse_comments

__all__ = [
    "Comment",
    "ParseTimeout",
    "PST_PARAMS",
    "SITEINFO_PARAMS",
    "WikiConventions",
    "conventions_from_api",
    "parse_comments",
]
