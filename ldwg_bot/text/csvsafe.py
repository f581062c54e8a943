"""CSV cells a spreadsheet cannot run: the one rule for every CSV the bot writes.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is read as a formula by Excel, LibreOffice and Google Sheets, so a
talk-page comment such as ``=cmd|' /C calc'!A0`` would run when the export
is opened. Following OWASP's advice on CSV injection
(https://owasp.org/www-community/attacks/CSV_Injection), such a text cell
gets a leading ``'``, which spreadsheets show as text and do not evaluate.
Numbers stay numbers; JSON exports are not touched and stay exact.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """``None`` -> ``""``; a text starting like a formula -> the same text after ``'``."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """The CSV row of ``fields`` from ``row``, every cell made safe."""
    return {k: safe_cell(row.get(k)) for k in fields}
