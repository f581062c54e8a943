"""Find signatures (user link + timestamp) in wikitext.

Works on the *masked* page text (see :mod:`.parse`): regions MediaWiki does
not render as wikitext (HTML comments, ``<nowiki>``, ``<pre>``, ...) are
blanked out there, with offsets preserved, so every regex here runs once over
the whole page.

The pairing of a timestamp with its user follows DiscussionTools'
``CommentParser::findSignature``: walking backwards from the timestamp, the
*closest* link to a user page, user talk page or ``Special:Contributions/X``
names the author; earlier links to the same user (``[[User:A|A]]
([[User talk:A|talk]])``) extend the signature. The search stops at the start
of the line, at the previous signature, and after a gap of
``SIGNATURE_SCAN_LIMIT`` characters without such a link.
"""

from __future__ import annotations

import html
import ipaddress
import re
import urllib.parse
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from .conventions import ENGLISH_FORMAT, ENGLISH_MDY_FORMAT, DateFormat, WikiConventions, to_int

#: Max wikitext characters between the end of a user link and the timestamp
#: (DiscussionTools uses 100 characters of rendered text).
SIGNATURE_SCAN_LIMIT = 120

_ISO_RE = re.compile(r"^\s*(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?\s*(?:Z|\(?UTC\)?)?\s*$")


@dataclass(frozen=True)
class Signature:
    """A signature in the page: ``text[start:end]``; the timestamp is ``text[ts_start:end]``."""

    start: int
    ts_start: int
    end: int
    author: str
    timestamp: datetime


def _name_re(name: str) -> str:
    """A namespace or page name: any case, ``_`` or space for spaces."""
    parts = [re.escape(p) for p in re.split(r"[ _]+", name.strip()) if p]
    return "[ _]+".join(parts)


class SignatureScanner:
    """Compiled regexes for one wiki's conventions."""

    def __init__(self, conv: WikiConventions):
        self.conv = conv

    @cached_property
    def link_re(self) -> re.Pattern[str]:
        user_ns = "|".join(sorted({_name_re(n) for n in self.conv.user_namespaces}, key=len, reverse=True))
        special = "|".join(sorted({_name_re(n) for n in self.conv.special_namespaces}, key=len, reverse=True))
        contribs = "|".join(
            sorted({_name_re(n) for n in self.conv.contributions_aliases}, key=len, reverse=True)
        )
        # MediaWiki writes a user name with wikitext characters as entities (&#39;)
        # (atomic and possessive: a long unclosed "[[User:..." must fail in linear time)
        target = r"(?>[^\[\]{}|#<>\n/&]++|&#?\w{1,8};|&)++"
        return re.compile(
            r"\[\[[ _]*+:?[ _]*+(?:"
            rf"(?:{user_ns})[ _]*+:[ _]*+(?P<user>{target})"
            rf"|(?:{special})[ _]*+:[ _]*+(?:{contribs})[ _]*+/[ _]*+(?P<contrib>{target})"
            r")(?:#[^\[\]|\n]*)?(?:\|[^\[\]\n]*(?:\[\[?[^\[\]\n]*\]\]?[^\[\]\n]*)*)?\]\]",
            re.IGNORECASE,
        )

    @cached_property
    def formats(self) -> tuple[DateFormat, ...]:
        return self.conv.formats

    def user_links(self, text: str) -> list[tuple[int, int, str]]:
        """``(start, end, username)`` of every link to a user, in order."""
        out = []
        names: dict[str, str | None] = {}  # talk pages repeat a few names many times
        for m in self.link_re.finditer(text):
            raw = m.group("user") or m.group("contrib") or ""
            name = names.get(raw, "")
            if name == "":
                name = names[raw] = normalize_username(raw, self.conv)
            if name:
                out.append((m.start(), m.end(), name))
        return out

    def timestamps(
        self, text: str, formats: tuple[DateFormat, ...] | None = None
    ) -> list[tuple[int, int, datetime]]:
        """``(start, end, utc datetime)`` of every valid timestamp, non-overlapping, in order."""
        found = []
        for fmt in formats or self.formats:
            seen: dict[str, datetime | None] = {}
            for m in fmt.regex.finditer(text):
                if m.group() in seen:
                    when = seen[m.group()]
                else:
                    when = seen[m.group()] = self._to_datetime(fmt, m)
                if when is not None:
                    found.append((m.start(), m.end(), when))
        if len(formats or self.formats) > 1:
            found.sort(key=lambda t: (t[0], -t[1]))
            kept, last_end = [], -1
            for item in found:
                if item[0] >= last_end:
                    kept.append(item)
                    last_end = item[1]
            found = kept
        return found

    def _to_datetime(self, fmt: DateFormat, m: re.Match[str]) -> datetime | None:
        g = m.groupdict()
        try:
            if g.get("monthname") is not None:
                month = fmt.month_lookup.get(g["monthname"].casefold())
                if month is None:
                    return None
            else:
                month = to_int(g["month"])
            return self.conv.to_utc(
                to_int(g["year"]), month, to_int(g["day"]), to_int(g["hour"]), to_int(g["minute"]), g["tz"]
            )
        except (ValueError, KeyError, TypeError, OverflowError):
            return None

    def parse_timestamp(self, value: str) -> datetime | None:
        """A free-standing timestamp (e.g. an {{unsigned}} parameter) in UTC, or None.

        Tries the wiki's format, English ``12:00, 1 August 2022 (UTC)``,
        ``12:00, August 1, 2022 (UTC)`` and ISO ``2022-08-01T12:00:00Z``.
        """
        m = _ISO_RE.match(value)
        if m:
            y, mo, d, h, mi = (int(x) for x in m.groups())
            try:
                return datetime(y, mo, d, h, mi, tzinfo=UTC)
            except ValueError:
                return None
        found = self.timestamps(value, self.formats + (ENGLISH_FORMAT, ENGLISH_MDY_FORMAT))
        return found[0][2] if found else None

    def signatures(self, text: str, line_starts: list[int] | None = None) -> list[Signature]:
        """Every signature in ``text``, in order (``line_starts``: offsets of its lines, if known)."""
        links = self.user_links(text)
        if not links:
            return []
        link_ends = [end for _, end, _ in links]
        if line_starts is None:
            line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        out: list[Signature] = []
        floor = 0  # nothing of a signature may lie before this (previous signature's end)
        for ts_start, ts_end, when in self.timestamps(text):
            # (a bisect, not rfind: on a one-line page rfind would rescan the line each time)
            line_start = line_starts[bisect_right(line_starts, ts_start) - 1]
            lo = max(floor, line_start)
            # Links ending at or before ts_start, closest first.
            i = bisect_left(link_ends, ts_start + 1) - 1
            author, sig_start, cursor = None, None, ts_start
            while i >= 0:
                start, end, name = links[i]
                if start < lo:
                    break
                if cursor - end > SIGNATURE_SCAN_LIMIT:
                    break
                if author is None:
                    author = name
                if name == author:
                    sig_start, cursor = start, start
                i -= 1
            if author is None or sig_start is None:
                continue
            out.append(Signature(sig_start, ts_start, ts_end, author, when))
            floor = ts_end
        return out


def normalize_username(raw: str, conv: WikiConventions) -> str | None:
    """Username as MediaWiki would title it: ``_`` to space, first letter upper."""
    name = raw
    if "&" in name:
        name = html.unescape(name)
    if "%" in name:
        name = urllib.parse.unquote(name)
    name = " ".join(name.replace("_", " ").split())
    if not name or "/" in name or any(c in name for c in "[]{}|#<>"):
        return None
    try:
        ip = ipaddress.ip_address(name)
    except ValueError:
        ip = None
    if ip is not None and ip.version == 6:
        return name.upper()
    if conv.first_letter_case:
        name = name[0].upper() + name[1:] if len(name[0].upper()) == 1 else name
    return name
