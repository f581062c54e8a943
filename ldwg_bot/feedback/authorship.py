"""Who really added a comment: the revision that brought it, and a check of its signature (pure).

A signature is text anyone can type. So for each comment first seen in a
run, the job reads the page's revisions since the last run (with content,
50 a request; on the first run at most ``authorship_revisions`` back) and
:func:`attribute` finds the revision where the comment's signature first
appeared: the earliest revision whose text holds one more copy of that
signature than needed (a binary search over the revisions, so a page with
many new comments costs a few text searches per comment, not one per
revision). A comment already there in the oldest revision read is left
unattributed: it is older than the revisions read.

:func:`signature_check` then compares the signature with that revision:

``ok``
    the editor is the person who signed, and the signature's time is not
    in the future of the edit.
``unsigned-template``
    the comment is signed by ``{{unsigned}}`` (or a local name of it) added
    by someone other than the person it names: the usual way to sign for
    someone who forgot.
``moved``
    the editor is not the signer, and a comment with the same author and
    time is (or was) on another tracked page -- in the store, read in this
    run, or in that page's text when this run's revisions begin: archiving,
    a split, a move.
``mismatch``
    the editor is not the signer and the comment came from nowhere else:
    a signature written by someone else, for a human to look at.
``future``
    signed by the editor, but the signature's time is more than 10 minutes
    after the edit (a hand-typed or altered timestamp).

The check never hides or drops a comment; it is data in the store, the
export and the summary page.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from .record import CommentRecord

CHECKS = ("ok", "unsigned-template", "moved", "mismatch", "future")
#: How far a signature's time may run ahead of its edit (clock skew, minutes rounding).
FUTURE_SLACK = timedelta(minutes=10)


@dataclass(frozen=True)
class Revision:
    revid: int
    parentid: int  # 0: the revision that created the page
    user: str  # "" when hidden
    timestamp: datetime  # aware, UTC
    text: str


def revisions_from_api(revisions: list[dict]) -> list[Revision]:
    """The API's revisions (newest first, ``rvslots=main``) as :class:`Revision`, oldest first."""
    out = []
    for rev in reversed(revisions):
        when = datetime.strptime(rev["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        text = ((rev.get("slots") or {}).get("main") or {}).get("content") or ""
        out.append(
            Revision(int(rev["revid"]), int(rev.get("parentid") or 0), rev.get("user") or "", when, text)
        )
    return out


def find_added(revisions: list[Revision], signature: str, occurrence: int = 0) -> Revision | None:
    """The revision (of ``revisions``, oldest first) where copy number ``occurrence``
    (0-based) of ``signature`` appeared; None when it was there before them."""
    if not revisions or not signature:
        return None
    counts: dict[int, int] = {}

    def has(i: int) -> bool:  # does revision i hold copy number `occurrence`?
        if i < 0:
            return False  # before the page was created
        if i not in counts:
            counts[i] = revisions[i].text.count(signature)
        return counts[i] > occurrence

    lo = -1 if revisions[0].parentid == 0 else 0  # the oldest read is a base, not a candidate
    hi = len(revisions) - 1
    if has(lo) or not has(hi):
        return None
    while hi - lo > 1:  # has(lo) is False, has(hi) is True
        mid = (lo + hi) // 2
        if has(mid):
            hi = mid
        else:
            lo = mid
    return revisions[hi]


def same_user(a: str, b: str) -> bool:
    """User names as MediaWiki titles them: ``_`` is a space, the first letter is upper case."""

    def norm(name: str) -> str:
        name = " ".join(name.replace("_", " ").split())
        return name[:1].upper() + name[1:] if ":" not in name else name.upper()  # IPv6: any case

    return bool(a) and norm(a) == norm(b)


def signature_check(author: str, when: datetime, unsigned: bool, added: Revision, elsewhere: bool) -> str:
    """One of :data:`CHECKS` for a comment signed by ``author`` at ``when`` that
    ``added`` brought (``elsewhere``: the same comment is on another tracked page)."""
    signer = same_user(author, added.user)
    if unsigned:
        return "ok" if signer else "unsigned-template"
    if not signer:
        return "moved" if elsewhere else "mismatch"
    if when - added.timestamp > FUTURE_SLACK:
        return "future"
    return "ok"


def attribute(records: list[CommentRecord], text: str, revisions: list[Revision]) -> list[CommentRecord]:
    """``records`` (of a page whose text is ``text``) with ``added_in_revision``, ``added_by``
    and ``added_at`` set on those whose signature appears in ``revisions``."""
    out = []
    for rec in records:
        occurrence = text.count(rec.signature, 0, rec.sig_start) if rec.signature else 0
        added = find_added(revisions, rec.signature, occurrence)
        if added is not None:
            rec = replace(rec, added_in_revision=added.revid, added_by=added.user, added_at=added.timestamp)
        out.append(rec)
    return out


def check_record(rec: CommentRecord, elsewhere: bool) -> CommentRecord:
    """``rec`` with its ``signature_check`` when it is attributed (``elsewhere``: its name is
    found on another tracked page)."""
    if rec.added_in_revision is None or rec.added_at is None:
        return rec
    when = datetime.strptime(rec.timestamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    added = Revision(rec.added_in_revision, 1, rec.added_by or "", rec.added_at, "")
    return replace(rec, signature_check=signature_check(rec.author, when, rec.unsigned, added, elsewhere))


def check_records(records: list[CommentRecord], elsewhere: set[str]) -> list[CommentRecord]:
    """:func:`check_record` of each record (``elsewhere``: comment names found on other
    tracked pages)."""
    return [check_record(rec, rec.name in elsewhere) for rec in records]
