"""Comment extraction from talk pages (pure; no I/O).

Data flow for the ``collect-feedback`` job::

    job (I/O)                                  this package (pure)
    ---------                                  -------------------
    GET conventions.SITEINFO_PARAMS            conventions_from_api(siteinfo_json, pst_json)
        + amlang=<content language>              -> WikiConventions (cache it per wiki)
    GET conventions.PST_PARAMS
    GET page wikitext (any talk page)   --->   parse_comments(wikitext, conv) -> list[Comment]
                                               Comment.to_dict() -> JSON-safe dict

- :mod:`.conventions` learns namespaces, Special:Contributions aliases, month
  names, the timestamp layout and the local time zone from the two API
  responses (``WikiConventions.default_english()`` for tests/offline use).
- :mod:`.signatures` finds user links and timestamps and pairs them.
- :mod:`.parse` masks what is not discussion text (one mwparserfromhell
  parse), scans lines for headings, indentation, signatures, ``{{unsigned}}``
  and ``{{outdent}}``, threads the comments and computes DiscussionTools ids.
"""
from __future__ import annotations

from .conventions import PST_PARAMS, SITEINFO_PARAMS, WikiConventions, conventions_from_api
from .parse import Comment, parse_comments

__all__ = ["Comment", "PST_PARAMS", "SITEINFO_PARAMS", "WikiConventions", "conventions_from_api",
           "parse_comments"]
