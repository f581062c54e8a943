"""``--export FILE``: the collected comments as JSON or CSV.

JSON (``.json``, or ``-`` for standard output) is an array of objects; CSV
(``.csv``) has one column per field, a header row, UTF-8. The fields, in
order, are :data:`ldwg_bot.feedback.store_rows.FIELDS`::

    id, parent_id, page, revision, section, level, author, timestamp,
    language, text, permalink, source, status, previous_id,
    added_in_revision, added_by, added_diff, signature_check, language_detected,
    language_confidence, page_language, draft_parts

``timestamp`` is ISO 8601 UTC (``2022-08-01T12:00:00Z``); ``status`` is
``new``, ``edited``, ``moved``, ``removed`` or ``unchanged`` for the run that
wrote the file; previous_id to signature_check are explained in :mod:`.authorship` and
:mod:`.store`; ``page``, ``revision`` and ``permalink`` are ``null`` (empty in CSV)
for comments imported from CSV files, whose ``source`` is the import label
(``wiki`` for talk-page comments). A CSV cell that a spreadsheet would run as
a formula gets a leading ``'`` (:mod:`ldwg_bot.text.csvsafe`); JSON stays exact.
``language`` is the bot's decision,
``language_detected`` the language read from the comment's own words (null
when too short or below the threshold), ``language_confidence`` the
probability of the best plausible language, ``page_language`` the language of
the page (or import). ``draft_parts`` lists the parts of the draft the comment
discusses: ``{"part", "method" (quote | heading), "language", "matched"}``
objects in JSON, the part numbers joined by ``;`` in CSV. The file is written to a temporary name
and renamed, so a reader never sees half a file; under -simulate it is not written at all
(standard output still is), and the run's summary says so.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from ..errors import LdwgError
from ..runtime.textfile import write_atomic
from ..text.csvsafe import safe_row
from .store_rows import FIELDS


def to_json(records: list[dict]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def to_csv(records: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    for rec in records:
        writer.writerow(safe_row({k: _cell(rec.get(k)) for k in FIELDS}, FIELDS))
    return buf.getvalue()


def _cell(value) -> object:
    """CSV cell: lists of draft-part links become ``3;5`` (the parts' numbers)."""
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(str(v.get("part", "")) if isinstance(v, dict) else str(v) for v in value)
    return value


def export_format(target: str) -> str:
    if target == "-":
        return "json"
    suffix = Path(target).suffix.lower()
    if suffix not in (".json", ".csv"):
        raise LdwgError(
            f"--export {target}: expected a file name ending in .json or .csv, or - for "
            "JSON on standard output"
        )
    return suffix[1:]


def write_export(records: list[dict], target: str, simulate: bool = False) -> str | None:
    """Write the export; under -simulate only the line saying what it would have been."""
    fmt = export_format(target)
    data = to_json(records) if fmt == "json" else to_csv(records)
    if target == "-":
        sys.stdout.write(data)
        sys.stdout.flush()
        return None
    try:
        return write_atomic(
            target, lambda fh: fh.write(data), simulate=simulate, what=f"export of {len(records)} comment(s)"
        )
    except OSError as exc:
        raise LdwgError(f"--export {target}: cannot write: {exc.strerror}") from None
