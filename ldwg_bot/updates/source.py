"""Update sources: a Markdown file with YAML front matter, or a wikitext draft.

A source file looks like::

    ---
    month: 2022-07            # YYYY-MM (a date such as 2022-07-31 is accepted too)
    title: "LDWG: July 2022 update"
    summary: "One or two sentences for the latest-update box and the index."
    announce: false           # optional, default false
    priority_languages: [es, pt, ar, bn, fr]   # optional
    ---

    The update itself, in Markdown.

Every problem is a :class:`~ldwg_bot.errors.SourceError` whose message is one
line: ``FILE:LINE: what is wrong and how to fix it``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from ..errors import SourceError
from ..runtime.textfile import read_utf8
from ..text.langcode import is_language_code

_MONTH_RE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")

MONTH_NAMES = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "es": (
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ),
    "pt": (
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ),
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
}
_MONTH_FORMATS = {
    "en": "{name} {year}",
    "es": "{name} de {year}",
    "pt": "{name} de {year}",
    "fr": "{name} {year}",
}


class Month(NamedTuple):
    """A calendar month; equal to and ordered like the tuple ``(year, month)``."""

    year: int
    month: int

    @property
    def slug(self) -> str:
        """``2022-07``: used in marker names, anchors and file names."""
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def name(self) -> str:
        """``July 2022``: English, Meta-Wiki's source language."""
        return month_heading(self.year, self.month)


def month_heading(year: int, month: int, lang: str = "en") -> str:
    """The month as written in titles and headings, e.g. ``July 2022``.

    English is the source language on Meta-Wiki and the only one used in page
    titles; a few other languages are known for the digest and tests.
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1..12, got {month}")
    if lang not in MONTH_NAMES:
        raise ValueError(f"no month names for language {lang!r} (known: {', '.join(MONTH_NAMES)})")
    return _MONTH_FORMATS[lang].format(name=MONTH_NAMES[lang][month - 1], year=year)


def parse_month(value: object) -> Month:
    """``2022-07``, ``2022-07-31``, a date or ``(2022, 7)`` -> :class:`Month`.

    Raises ValueError with the expected form on anything else.
    """
    if isinstance(value, Month):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return Month(value.year, value.month)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, int) for v in value):
        year, month = value
    elif isinstance(value, str) and _MONTH_RE.match(value.strip()):
        m = _MONTH_RE.match(value.strip())
        assert m is not None
        year, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            try:
                dt.date(year, month, int(m.group(3)))
            except ValueError:
                raise ValueError(f"expected YYYY-MM such as 2022-07, got {value!r}") from None
    else:
        raise ValueError(f"expected YYYY-MM such as 2022-07, got {value!r}")
    if not 1 <= month <= 12:
        raise ValueError(f"expected YYYY-MM such as 2022-07 (month 01..12), got {value!r}")
    return Month(year, month)


def month_from_heading(text: str) -> Month | None:
    """``July 2022`` (English, any case) -> Month, else None."""
    parts = text.split()
    if len(parts) != 2 or not parts[1].isdigit() or len(parts[1]) != 4:
        return None
    names = [n.lower() for n in MONTH_NAMES["en"]]
    if parts[0].lower() not in names:
        return None
    return Month(int(parts[1]), names.index(parts[0].lower()) + 1)


@dataclass(frozen=True)
class UpdateSource:
    """One monthly update, validated.

    Exactly one of ``body_markdown`` (from a file) and ``body_wikitext`` (from
    a wikitext draft page) is set. ``path`` names the origin in messages: the
    file path or the draft page title.
    """

    month: Month
    title: str
    summary: str
    announce: bool = False
    priority_languages: tuple[str, ...] = ()
    body_markdown: str | None = None
    path: str = ""
    body_wikitext: str | None = None
    body_line: int = 1  # file line of the body's first line (messages name file:line)


_REQUIRED = ("month", "title", "summary")
_OPTIONAL = ("announce", "priority_languages")


def load_update(path: str | Path) -> UpdateSource:
    """Read and validate one update source file."""
    name = str(path)
    text = read_utf8(path, lambda n: f"{name}:{n}")
    return parse_update(text, name)


def parse_update(text: str, name: str = "<update>") -> UpdateSource:
    """Validate the text of an update source; ``name`` is used in messages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            f"{name}:1: no front matter: start the file with a '---' line, then "
            f"month:, title: and summary:, then another '---' line"
        )
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].strip() in ("---", "..."))
    except StopIteration:
        raise SourceError(
            f"{name}:1: the front matter is not closed: add a '---' line after its last field"
        ) from None
    front = "\n".join(lines[1:close])
    fields, field_lines = _load_front(front, name)
    after = "\n".join(lines[close + 1 :])
    body = after.strip("\n")
    body_line = close + 2 + (len(after) - len(after.lstrip("\n")))
    if not body.strip():
        raise SourceError(
            f"{name}:{close + 1}: the update has no text: write it in Markdown below the closing '---'"
        )

    def where(key: str) -> str:
        return f"{name}:{field_lines.get(key, 1)}: front matter '{key}'"

    update = _validated(fields, where, name=name, body_markdown=body + "\n", missing_line=close + 1)
    return replace(update, body_line=body_line)


def update_from_wikitext(
    text: str,
    *,
    page_title: str,
    month: object,
    title: str,
    summary: str,
    announce: bool = False,
    priority_languages: tuple[str, ...] | list[str] = (),
) -> UpdateSource:
    """An update whose body is an existing wikitext draft page.

    The draft has no front matter, so month, title and summary come from the
    caller (config or command line); ``page_title`` names it in messages. Any
    ``<translate>`` markup already on the draft is ignored when rendering.
    """
    if not text.strip():
        raise SourceError(f"{page_title}: the draft page is empty: write the update there first")
    fields = {
        "month": month,
        "title": title,
        "summary": summary,
        "announce": announce,
        "priority_languages": list(priority_languages),
    }
    update = _validated(
        fields, lambda key: f"{page_title}: {key}", name=page_title, body_markdown=None, missing_line=1
    )
    return UpdateSource(**{**update.__dict__, "body_wikitext": text.strip("\n") + "\n"})


def _load_front(front: str, name: str) -> tuple[dict[str, Any], dict[str, int]]:
    """YAML front matter -> (fields, 1-based file line of each key)."""
    try:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
        data = yaml.safe_load(front)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = (mark.line + 2) if mark is not None else 2
        problem = " ".join(str(exc.problem or exc.context or "syntax error").split())
        raise SourceError(
            f"{name}:{line}: the front matter is not valid YAML ({problem}); write one 'key: value' per line"
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError(
            f"{name}:2: the front matter is not valid YAML: {' '.join(str(exc).split())}"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, (yaml.MappingNode, type(None))):
        raise SourceError(
            f"{name}:2: the front matter must be 'key: value' lines "
            f"(month, title, summary), got {type(data).__name__}"
        )
    lines: dict[str, int] = {}
    if node is not None:
        for key_node, _value in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 2
    return data, lines


def _validated(
    fields: dict[str, Any], where, *, name: str, body_markdown: str | None, missing_line: int
) -> UpdateSource:
    for key in fields:
        if key not in _REQUIRED + _OPTIONAL:
            raise SourceError(
                f"{where(str(key))}: unknown field; the fields are {', '.join(_REQUIRED + _OPTIONAL)}"
            )
    for key in _REQUIRED:
        if key not in fields or fields[key] is None or fields[key] == "":
            raise SourceError(
                f"{name}:{missing_line}: front matter has no '{key}': add a '{key}:' line"
                if body_markdown is not None
                else f"{name}: no {key} given for the draft: set it in the config"
            )
    try:
        month = parse_month(fields["month"])
    except ValueError as exc:
        raise SourceError(f"{where('month')}: {exc}") from None
    title = _one_line(fields["title"], where("title"))
    summary = " ".join(_one_line(fields["summary"], where("summary"), multiline=True).split())
    announce = fields.get("announce", False)
    if not isinstance(announce, bool):
        raise SourceError(f"{where('announce')}: expected true or false, got {announce!r}")
    langs = fields.get("priority_languages") or []
    if isinstance(langs, str) or not isinstance(langs, (list, tuple)):
        raise SourceError(
            f"{where('priority_languages')}: expected a list such as [es, pt, ar], got {langs!r}"
        )
    for code in langs:
        if not isinstance(code, str) or not is_language_code(code):
            raise SourceError(
                f"{where('priority_languages')}: {code!r} is not a language code; use "
                f"wiki codes such as es, pt-br or zh-hans"
            )
    return UpdateSource(
        month=month,
        title=title,
        summary=summary,
        announce=announce,
        priority_languages=tuple(dict.fromkeys(langs)),
        body_markdown=body_markdown,
        path=name,
    )


def _one_line(value: Any, where: str, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise SourceError(f"{where}: expected text in quotes, got {value!r}")
    value = value.strip()
    if not value:
        raise SourceError(f"{where}: is empty; write a short text")
    if "\n" in value and not multiline:
        raise SourceError(f"{where}: must be one line")
    return value
