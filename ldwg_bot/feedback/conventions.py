"""What a wiki's signatures look like, learned from two API responses.

A signature is a link to a user page, user talk page or
``Special:Contributions/<name>`` followed by a timestamp in the wiki's
signature format. Both parts are localised: namespace names and aliases,
month names, digits, field order, separators and the time zone label all
differ from wiki to wiki. Nothing here is hard-coded per language: the job
fetches

1. ``SITEINFO_PARAMS`` (plus ``amlang=<content language>``): namespaces,
   namespace aliases, special page aliases, the ``general`` block (time zone,
   case rule) and the month-name messages;
2. ``PST_PARAMS``: the pre-save transform of ``~~~~~`` (five tildes, the bare
   signature timestamp) together with the server's current UTC time,

and :func:`conventions_from_api` turns the two JSON dicts into a frozen
:class:`WikiConventions`. From the sample timestamp and the known time the
order of the fields, the literal separators and the time zone label are
derived, so a tolerant regex can be built for any wiki (this also covers
formats such as Portuguese ``16h12min de 25 de novembro de 2026 (UTC)``).

Everything here is pure: dicts in, dataclasses out.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..errors import ConfigError

_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may_long",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS_GEN = tuple(m.replace("_long", "") + "-gen" for m in _MONTHS)
# MediaWiki's abbreviation of May is the message "may"; the full name is "may_long".
_MONTHS_ABBR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_MESSAGES = _MONTHS + _MONTHS_GEN + _MONTHS_ABBR
UTC_MESSAGE = "timezone-utc"

#: Query 1: ``action=query`` parameters; add ``amlang`` = the content language.
SITEINFO_PARAMS = {
    "action": "query",
    "meta": "siteinfo|allmessages",
    "siprop": "general|namespaces|namespacealiases|specialpagealiases",
    "ammessages": "|".join(MONTH_MESSAGES + (UTC_MESSAGE,)),
    "formatversion": "2",
    "format": "json",
}
#: Query 2: ``action=parse`` of five tildes, pre-save transform only.
PST_PARAMS = {
    "action": "parse",
    "text": "~~~~~",
    "pst": "1",
    "onlypst": "1",
    "contentmodel": "wikitext",
    "curtimestamp": "1",
    "formatversion": "2",
    "format": "json",
}

_ENGLISH_MONTHS = (
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
)
MARKS = "\u200e\u200f\u200b\u2066\u2067\u2068\u2069"  # LRM, RLM, ZWSP, bidi isolates
_OPT_MARKS = f"[{MARKS}]*"
_SPACE = f"[\\s{MARKS}]+"
_NUMERIC = ("hour", "minute", "day", "month")


def strip_marks(s: str) -> str:
    """Drop bidi marks and collapse all whitespace (NBSP included) to one space."""
    return " ".join(s.translate({ord(c): None for c in MARKS}).split())


# a fixed offset or an IANA zone (an alias: the class below has a field named ``timezone``)
_Zone = timezone | ZoneInfo


@dataclass(frozen=True)
class DateFormat:
    """One signature timestamp layout: tokens in order, then ``(label)``.

    ``tokens`` holds ``("field", name)`` with name one of hour, minute, day,
    month, monthname, year, or ``("lit", text)`` for separators copied from
    the sample.
    """

    tokens: tuple[tuple[str, str], ...]
    month_names: tuple[tuple[str, int], ...]

    @cached_property
    def month_lookup(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, month in self.month_names:
            for variant in (name, name.rstrip(".")):
                out.setdefault(variant.casefold(), month)
        return out

    @cached_property
    def regex(self) -> re.Pattern[str]:
        parts = []
        names = sorted(self.month_lookup, key=len, reverse=True)
        for kind, value in self.tokens:
            if kind == "lit":
                lit = ""
                for chunk in re.split(r"(\s+)", value):
                    if not chunk:
                        continue
                    lit += _SPACE if chunk.isspace() else re.escape(chunk)
                parts.append(lit)
            elif value == "year":
                parts.append(r"(?P<year>\d{4})")
            elif value == "monthname":
                alt = "|".join(re.escape(n) for n in names)
                parts.append(f"(?P<monthname>{alt})(?!\\w)")
            else:
                parts.append(f"(?P<{value}>\\d{{1,2}})")
        body = _OPT_MARKS.join(parts)
        return re.compile(
            f"(?<!\\w){body}{_OPT_MARKS}[\\s{MARKS}]*\\((?P<tz>[^()\\n\\[\\]{{}}|]{{1,24}})\\)", re.IGNORECASE
        )


@dataclass(frozen=True)
class WikiConventions:
    """Everything needed to recognise signatures on one wiki."""

    user_namespaces: tuple[str, ...]  # names of namespaces 2 and 3, with aliases
    special_namespaces: tuple[str, ...]  # names of namespace -1
    contributions_aliases: tuple[str, ...]  # local names of Special:Contributions
    formats: tuple[DateFormat, ...]  # first the wiki's own, then English fallback
    timezone: str = "UTC"  # IANA name from siteinfo general.timezone
    timeoffset: int = 0  # minutes, used when the zone is unknown
    utc_labels: tuple[str, ...] = ("UTC",)  # labels meaning UTC whatever the local zone
    first_letter_case: bool = True  # siteinfo general.case == "first-letter"
    language: str = "en"
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @classmethod
    def default_english(cls, timezone: str = "UTC") -> WikiConventions:
        """English Wikimedia defaults (Meta-Wiki), for tests and offline use."""
        return cls(
            user_namespaces=("User", "User talk", "User_talk"),
            special_namespaces=("Special",),
            contributions_aliases=("Contributions", "Contribs"),
            formats=(ENGLISH_FORMAT,),
            timezone=timezone,
        )

    @cached_property
    def zone(self) -> _Zone:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return _fixed(self.timeoffset)

    @cached_property
    def utc_label_set(self) -> frozenset[str]:
        return frozenset(strip_marks(x).casefold() for x in self.utc_labels + ("UTC", "GMT"))

    def to_utc(self, year: int, month: int, day: int, hour: int, minute: int, label: str) -> datetime | None:
        """Local wall time plus zone label -> aware UTC datetime (None if invalid)."""
        try:
            naive = datetime(year, month, day, hour, minute)
        except ValueError:
            return None
        norm = strip_marks(label)
        if norm.casefold() in self.utc_label_set:
            return naive.replace(tzinfo=UTC)
        m = re.fullmatch(r"(?:UTC|GMT)?\s*([-+−])(\d\d):?(\d\d)", norm.translate(_DIGITS_TO_ASCII))
        zone = self.zone
        if m and not _label_matches(zone, naive, norm):
            sign = -1 if m.group(1) in "-−" else 1
            offset = _fixed(sign * (int(m.group(2)) * 60 + int(m.group(3))))
            return naive.replace(tzinfo=offset).astimezone(UTC)
        local = naive.replace(tzinfo=zone)
        # In the repeated hour after DST ends, the label tells CEST (fold=0) from CET (fold=1).
        if local.tzname() != norm and local.replace(fold=1).tzname() == norm:
            local = local.replace(fold=1)
        return local.astimezone(UTC)


class _DigitsToAscii(dict):
    def __missing__(self, key: int) -> int:
        d = unicodedata.decimal(chr(key), None)
        value = ord(str(d)) if d is not None else key
        self[key] = value
        return value


_DIGITS_TO_ASCII = _DigitsToAscii()


def to_int(digits: str) -> int:
    """Unicode decimal digits of any script to an int."""
    return int(digits.translate(_DIGITS_TO_ASCII))


def _fixed(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


def _label_matches(zone: timezone | ZoneInfo, naive: datetime, label: str) -> bool:
    local = naive.replace(tzinfo=zone)
    return label in (local.tzname(), local.replace(fold=1).tzname())


ENGLISH_FORMAT = DateFormat(
    tokens=(
        ("field", "hour"),
        ("lit", ":"),
        ("field", "minute"),
        ("lit", ", "),
        ("field", "day"),
        ("lit", " "),
        ("field", "monthname"),
        ("lit", " "),
        ("field", "year"),
    ),
    month_names=tuple((n, i + 1) for i, n in enumerate(_ENGLISH_MONTHS))
    + tuple((n[:3], i + 1) for i, n in enumerate(_ENGLISH_MONTHS)),
)
#: ``12:00, August 1, 2022 (UTC)``: seen in hand-written {{unsigned}} dates.
ENGLISH_MDY_FORMAT = DateFormat(
    tokens=(
        ("field", "hour"),
        ("lit", ":"),
        ("field", "minute"),
        ("lit", ", "),
        ("field", "monthname"),
        ("lit", " "),
        ("field", "day"),
        ("lit", ", "),
        ("field", "year"),
    ),
    month_names=ENGLISH_FORMAT.month_names,
)


def _messages(siteinfo: dict) -> dict[str, str]:
    out = {}
    for msg in siteinfo.get("allmessages", []):
        content = msg.get("content", msg.get("*"))
        if isinstance(content, str) and not msg.get("missing"):
            out[msg.get("name", "")] = content
    return out


def _month_names(messages: dict[str, str]) -> tuple[tuple[str, int], ...]:
    names = []
    for group in (_MONTHS, _MONTHS_GEN, _MONTHS_ABBR):
        for i, key in enumerate(group):
            value = messages.get(key, "").strip()
            if value:
                names.append((value, i + 1))
    return tuple(names)


def learn_format(
    sample: str, local: datetime, month_names: tuple[tuple[str, int], ...]
) -> tuple[DateFormat, str]:
    """Derive the token order of ``sample`` given the local time it shows.

    Returns the format and the time zone label found in the sample. Raises
    :class:`ConfigError` when the sample cannot be explained by ``local``.
    """
    text = sample.strip()
    m = re.search(r"\(([^()]*)\)\s*$", text)
    if not m:
        raise ConfigError(f"signature timestamp sample {sample!r} has no '(zone)' at the end")
    label = strip_marks(m.group(1))
    body = text[: m.start()].rstrip(" " + MARKS + "\u00a0")
    body = body.translate({ord(c): None for c in MARKS})
    lookup = sorted(((n.casefold(), mon) for n, mon in month_names), key=lambda x: -len(x[0]))
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(body):
        d = re.match(r"\d+", body[pos:])
        if d:
            tokens.append(("num", d.group()))
            pos += d.end()
            continue
        hit = None
        for name, mon in lookup:
            if mon == local.month and body[pos : pos + len(name)].casefold() == name:
                end = pos + len(name)
                if end == len(body) or not body[end].isalpha() or name.endswith("."):
                    hit = name
                    break
        if hit and (pos == 0 or not body[pos - 1].isalpha()):
            tokens.append(("field", "monthname"))
            pos += len(hit)
            continue
        if tokens and tokens[-1][0] == "lit":
            tokens[-1] = ("lit", tokens[-1][1] + body[pos])
        else:
            tokens.append(("lit", body[pos]))
        pos += 1
    has_name = ("field", "monthname") in tokens
    # ApiMain takes curtimestamp before the module runs (setupExecuteAction, core
    # includes/api/ApiMain.php, 1.39 and 1.43), so the PST of ~~~~~ may already show the next minute
    for when in (local, local + timedelta(minutes=1), local - timedelta(minutes=1)):
        resolved = _assign_numbers(tokens, when, has_name)
        if resolved:
            return DateFormat(tuple(resolved), month_names), label
    raise ConfigError(
        f"cannot explain signature timestamp sample {sample!r} by local time {local:%Y-%m-%d %H:%M}"
    )


def _assign_numbers(tokens, when: datetime, has_name: bool):
    values = {
        "hour": when.hour,
        "minute": when.minute,
        "day": when.day,
        "month": when.month,
        "year": when.year,
    }
    wanted = ["hour", "minute", "day", "year"] + ([] if has_name else ["month"])
    nums = [i for i, t in enumerate(tokens) if t[0] == "num"]
    if len(nums) != len(wanted):
        return None
    best, best_score = None, -1
    for perm in itertools.permutations(wanted):
        if any(to_int(tokens[i][1]) != values[f] for i, f in zip(nums, perm, strict=True)):
            continue
        order = dict(zip(perm, nums, strict=True))
        # Prefer hour directly followed by minute (``H:i``), the layout of every
        # MediaWiki language; this settles samples where e.g. hour == day.
        score = 1 if order["minute"] == order["hour"] + 2 else 0
        if score > best_score:
            best, best_score = order, score
    if best is None:
        return None
    by_index = {i: f for f, i in best.items()}
    return [("field", by_index[i]) if t[0] == "num" else t for i, t in enumerate(tokens)]


def conventions_from_api(siteinfo_query_json: dict, pst_parse_json: dict) -> WikiConventions:
    """Build :class:`WikiConventions` from the two API responses (see module doc)."""
    q = siteinfo_query_json.get("query", siteinfo_query_json)
    general = q.get("general", {})
    namespaces = q.get("namespaces", {})
    if isinstance(namespaces, dict):
        namespaces = list(namespaces.values())
    names: dict[int, list[str]] = {-1: [], 2: [], 3: []}
    for ns in namespaces:
        nid = ns.get("id")
        if nid in names:
            for key in ("name", "canonical", "*"):
                if ns.get(key):
                    names[nid].append(ns[key])
    for alias in q.get("namespacealiases", []):
        if alias.get("id") in names:
            names[alias["id"]].append(alias.get("alias", alias.get("*", "")))
    contribs = ["Contributions"]
    for sp in q.get("specialpagealiases", []):
        if sp.get("realname") == "Contributions":
            contribs += sp.get("aliases", [])
    messages = _messages(q)
    month_names = _month_names(messages)
    tz_name = general.get("timezone") or "UTC"
    offset = int(general.get("timeoffset") or 0)
    conv = WikiConventions(
        user_namespaces=_uniq(names[2] + names[3] + ["User", "User talk"]),
        special_namespaces=_uniq(names[-1] + ["Special"]),
        contributions_aliases=_uniq(contribs),
        formats=(ENGLISH_FORMAT,),
        timezone=tz_name,
        timeoffset=offset,
        first_letter_case=general.get("case", "first-letter") == "first-letter",
        language=general.get("lang", "en"),
    )
    parse = pst_parse_json.get("parse", {})
    sample = parse.get("text")
    if isinstance(sample, dict):
        sample = sample.get("*", "")
    now = pst_parse_json.get("curtimestamp")
    if not sample or not now:
        raise ConfigError("the parse response lacks 'parse.text' or 'curtimestamp' (use curtimestamp=1)")
    utc_now = datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    local = utc_now.astimezone(conv.zone).replace(tzinfo=None)
    fmt, label = learn_format(sample, local, month_names or ENGLISH_FORMAT.month_names)
    utc_labels = ["UTC"]
    if messages.get(UTC_MESSAGE):
        utc_labels.append(messages[UTC_MESSAGE])
    if conv.zone.utcoffset(local) == timedelta(0) and not _label_matches(conv.zone, local, label):
        utc_labels.append(label)  # e.g. Arabic "ت ع م", Bengali "ইউটিসি"
    formats = (
        (fmt,)
        if fmt.tokens == ENGLISH_FORMAT.tokens and fmt.month_names == ENGLISH_FORMAT.month_names
        else (fmt, ENGLISH_FORMAT)
    )
    return WikiConventions(
        user_namespaces=conv.user_namespaces,
        special_namespaces=conv.special_namespaces,
        contributions_aliases=conv.contributions_aliases,
        formats=formats,
        timezone=tz_name,
        timeoffset=offset,
        utc_labels=_uniq(utc_labels),
        first_letter_case=conv.first_letter_case,
        language=conv.language,
        extra={"sample": sample, "sample_label": label},
    )


def _uniq(items) -> tuple[str, ...]:
    seen, out = set(), []
    for item in items:
        key = item.replace("_", " ").casefold()
        if item and key not in seen:
            seen.add(key)
            out.append(item)
    return tuple(out)
