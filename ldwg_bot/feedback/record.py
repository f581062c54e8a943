"""The comment record: one typed value from the parser to the store and back (pure).

A comment used to change form five times on its way to the summary (the
parser's dataclass, its ``to_dict()``, a dict built by hand in the collector,
the SQL row, a row dict), and three modules added keys to the same dict.
Now there are two frozen types, and each step returns a new value
(:func:`dataclasses.replace`) instead of changing one in place:

:class:`CommentRecord`
    a comment on its way *in*: made from the parser's :class:`.parse.Comment`
    (:func:`from_comment`), a forum post (:mod:`.forum`) or a CSV row
    (:mod:`.sources`); then language detection (:func:`.language.annotate`)
    and authorship (:mod:`.authorship`) return enriched copies;
    :func:`.store.apply_records` writes it.
:class:`StoredComment`
    a comment as the store gives it *back* (its row, plus the draft-part
    links of :mod:`.links`): what the summary and the export read.

The store's column names are these types' field names; :mod:`.store_rows`
maps rows to records in one place, and a test checks the columns against the
fields. Fields that are only needed on the way in (where the signature is,
who the revision says added it and when) are not stored: :data:`NOT_STORED`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import NamedTuple

#: ``CommentRecord`` fields the store does not keep (they serve one run's checks).
NOT_STORED = frozenset({"language_given", "added_at", "signature", "sig_start", "unsigned"})
#: Authorship fields: stored only when a comment is first seen (see :mod:`.authorship`).
AUTHORSHIP = ("added_in_revision", "added_by", "added_diff", "signature_check")


def iso(when: datetime) -> str:
    """Timestamps of records and rows: ``2022-08-01T12:00:00Z`` (UTC)."""
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class CommentRecord:
    """One comment of a talk page, forum topic or CSV import, before it is stored."""

    id: str  # DiscussionTools id, a forum post id, or csv-... for imports
    author: str
    timestamp: str  # ISO 8601 UTC, see iso()
    text: str
    name: str | None = None  # c-<author>-<timestamp>: finds a comment whose parent changed
    parent_id: str | None = None
    revision: int | None = None  # revision (or post version) the text was read from
    section: str = ""
    section_anchor: str = ""
    level: int = 0
    language: str = ""  # the page's (or import's) language, then the decision of annotate()
    permalink: str = ""
    # language detection (:func:`.language.annotate`)
    language_detected: str | None = None
    language_confidence: float | None = None
    page_language: str = ""
    language_given: bool = False  # a CSV row with its own language: no detection
    # authorship (:mod:`.authorship`), for comments first seen in this run
    added_in_revision: int | None = None
    added_by: str | None = None
    added_at: datetime | None = None
    added_diff: str | None = None
    signature_check: str | None = None
    # where the signature is: what finds the edit that added the comment
    signature: str = ""
    sig_start: int = 0
    unsigned: bool = False  # signed by an {{unsigned}} template


class Link(NamedTuple):
    """A comment's link to one part of the draft (see :mod:`.links`)."""

    part: str  # unit number (Translate) or paragraph/section number
    method: str  # "quote" or "heading"
    language: str  # language of the draft text that matched
    matched: str  # the matched words (normalised), or the heading

    def as_dict(self) -> dict[str, str]:
        """The export's JSON object of a link."""
        return self._asdict()


class CommentKey(NamedTuple):
    """What identifies a stored comment within one wiki."""

    source: str  # "wiki", "forum" or a CSV import's label
    page: str  # talk page title, forum topic URL, "" for CSV rows
    id: str


@dataclass(frozen=True)
class StoredComment:
    """One row of ``feedback_comments`` as the store gives it back."""

    wiki: str
    source: str
    page: str
    id: str
    author: str
    timestamp: str
    text: str
    status: str  # new | edited | moved | removed | unchanged (for the latest run)
    first_seen: str
    changed: str
    pos: int = 0
    name: str | None = None
    grp: str = ""
    parent_id: str | None = None
    revision: int | None = None
    section: str = ""
    section_anchor: str = ""
    level: int = 0
    language: str = ""
    permalink: str = ""
    removed: str | None = None
    previous_id: str | None = None
    added_in_revision: int | None = None
    added_by: str | None = None
    added_diff: str | None = None
    signature_check: str | None = None
    language_detected: str | None = None
    language_confidence: float | None = None
    page_language: str = ""
    draft_parts: tuple[Link, ...] = ()  # from feedback_links, not a column

    @property
    def key(self) -> CommentKey:
        return CommentKey(self.source, self.page, self.id)


#: Columns of ``feedback_comments``: the stored fields (a test checks them against the schema).
COLUMNS = tuple(f.name for f in fields(StoredComment) if f.name != "draft_parts")
#: ``CommentRecord`` fields that go to a column of the same name.
STORED_FIELDS = tuple(f.name for f in fields(CommentRecord) if f.name not in NOT_STORED)


def from_comment(comment, revision: int | None, language: str, permalink: str) -> CommentRecord:
    """The record of a parsed talk-page comment (:class:`.parse.Comment`) read from ``revision``."""
    return CommentRecord(
        id=comment.id,
        name=comment.name,
        parent_id=comment.parent_id,
        revision=revision,
        section=comment.section,
        section_anchor=comment.section_anchor,
        level=comment.level,
        author=comment.author,
        timestamp=iso(comment.timestamp),
        language=language,
        text=comment.text,
        permalink=permalink,
        signature=comment.signature,
        sig_start=comment.sig_start,
        unsigned=comment.unsigned,
    )
