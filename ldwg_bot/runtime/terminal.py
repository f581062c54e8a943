"""What the bot prints on a terminal is shown, never obeyed.

Titles, user names, comment excerpts, forum posts, a server's answer quoted in an error, the
diff of a page under -simulate: text from outside reaches the terminal in the run's summary,
its error lines, its log lines, the -simulate diffs and pywikibot's own messages. A terminal
*acts* on some characters instead of showing them, so such text could colour or clear the
screen, retitle the window, plant a hyperlink that shows one address and opens another,
overwrite a line with a carriage return, or reorder what is read with bidi overrides (the
"Trojan Source" trick, CVE-2021-42574). :func:`shown` is the one filter every such path uses.

The rules, in our own words (ECMA-48, 5th edition, sections 5.3 to 5.6, for the shapes of
control functions; xterm's "Control Sequences" document for BEL ending an OSC):

* an escape sequence goes whole: CSI (``ESC [``, parameter and intermediate bytes, one final
  byte), a control string (``ESC ]`` OSC, ``ESC P`` DCS, ``ESC X``, ``ESC ^``, ``ESC _``) up to
  its terminator ``ESC \\`` or BEL, and any other ``ESC`` with its intermediate and final
  byte; one cut off by the end of the text goes to the end;
* every other C0 control but tab and newline, DEL and every C1 control (U+0080 to U+009F,
  which include the one-character CSI and OSC) is removed;
* the bidi embeddings, overrides and isolates (U+202A to U+202E, U+2066 to U+2069) are shown
  as ``<U+202E>``, so a reader sees that the text held one; the marks LRM, RLM and ALM, which
  right-to-left names use and which move nothing around them, stay.

Exports and the digest written to standard output (``--export -``, ``--digest -``) are data,
kept exact; this is only for what people read.
"""

from __future__ import annotations

import logging
import re
import sys
from typing import TextIO

_SEQUENCE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?            # CSI: parameters, intermediates, final byte
    | \x1b[\]PX^_].*?(?:\x07|\x1b\\|\Z)   # OSC, DCS, SOS, PM, APC: up to BEL or ST
    | \x1b[ -/]*[0-~]?                    # any other escape, or a lone ESC
    """,
    re.VERBOSE | re.DOTALL,
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")


def shown(text: str, *, one_line: bool = False) -> str:
    """``text`` as the terminal may show it (see the module); ``one_line`` also joins its lines,
    so an error line quoting outside text stays one line and cannot forge another."""
    text = _CONTROL.sub("", _SEQUENCE.sub("", text))
    text = _BIDI.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)
    if one_line:
        text = " ".join(part.strip() for part in text.split("\n") if part.strip())
    return text


def say(text: str, file: TextIO | None = None) -> None:
    """``print`` for text that may hold outside text."""
    print(shown(text), file=file or sys.stdout)


def error_line(message: str) -> None:
    """The one ``ldwg-bot: error:`` line of a failure, on stderr."""
    print(f"ldwg-bot: error: {shown(message, one_line=True)}", file=sys.stderr)


class ShownFormatter(logging.Formatter):
    """A log line on the terminal, filtered like everything else printed there."""

    def format(self, record: logging.LogRecord) -> str:
        return shown(super().format(record))


def shown_handlers(logger_name: str = "pywiki") -> None:
    """Filter what ``logger_name``'s terminal handlers print (pywikibot's own messages and its
    diffs; its ``<<colour>>`` tags are not escape sequences and still work). Idempotent; log
    files are left as they are."""
    for handler in logging.getLogger(logger_name).handlers:
        if isinstance(handler, logging.FileHandler) or getattr(handler, "_ldwg_shown", False):
            continue
        original = handler.format
        # pywikibot's handlers are wrapped in place (they are not ours to subclass)
        handler.format = lambda record, original=original: shown(original(record))  # type: ignore[method-assign,misc]
        handler._ldwg_shown = True  # type: ignore[attr-defined]
