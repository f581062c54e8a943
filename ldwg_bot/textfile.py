"""Reading a user's input file (update source, CSV import) as UTF-8, with one-line errors."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import SourceError


def read_utf8(path: str | Path, where: Callable[[int], str], *, save_as: str = "UTF-8") -> str:
    """Text of ``path`` (a BOM is dropped); ``where(line)`` names the place in errors,
    e.g. ``lambda n: f"{path}:{n}"`` or ``lambda n: f"{path}: row {n}"``."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise SourceError(f"{where(line)}: not UTF-8 text (byte {exc.start}); save the file as "
                          f"{save_as}") from None
