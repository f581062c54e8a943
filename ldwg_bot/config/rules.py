"""Configuration rules that need the whole file: numbers, titles, roles, namespaces.

Each of these once passed ``check-config`` and failed later, in the middle
of a run: ``translations.pages = ["Talk:"]`` (pywikibot's InvalidTitleError),
a negative ``maxlag`` or ``put_throttle``, an empty name, one page in two
roles (two jobs overwriting each other), and a ``prefixes`` entry naming a
whole namespace (on Meta, tens of thousands of talk pages). Each is one
line naming the file and the key. :func:`check` is called by
:func:`ldwg_bot.config.from_dict`, for TOML and on-wiki JSON alike, after the
single-key rules (:func:`_basics`). Every page title key is listed once, in :func:`page_titles`.

Pages the bot writes must also be pages it may and should write (:func:`_targets`): not the
draft or a page under a feedback prefix (it reads those), not ``Special:``/``Media:`` (nobody
edits them) or ``MediaWiki:`` (the wiki's interface, for interface administrators), and not
another wiki's page. What a title's prefix is depends on the wiki (MediaWiki's
``includes/title/MediaWikiTitleCodec.php``, REL1_39, splits a title on its namespace first,
then on the wiki's interwiki table), so offline only what no wiki reads as a namespace is
refused: a leading ``:`` (link syntax), Wikimedia's short cross-wiki prefixes (``w:``, ``m:``,
``c:``, ...) and a two-letter or ``xx-yy`` language code (``en:``, ``pt-br:``). ``meta:`` is
Meta-Wiki's own project namespace, so the wiki's own interwiki map decides the rest at run
time (the API names an interwiki title in its answer; see :mod:`ldwg_bot.wiki`).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from ..errors import ConfigError
from ..text.langcode import is_language_code
from .schema import FORUM_LIMITS, check_api_url, plain_http_elsewhere

if TYPE_CHECKING:
    from .schema import Config, ForumConfig, GroupConfig  # noqa: F401 (string annotations)

#: Canonical namespace names (every wiki knows them, in any language) -> namespace id.
CANONICAL_NS = {
    "": 0,
    "talk": 1,
    "user": 2,
    "user talk": 3,
    "project": 4,
    "project talk": 5,
    "file": 6,
    "file talk": 7,
    "mediawiki": 8,
    "mediawiki talk": 9,
    "template": 10,
    "template talk": 11,
    "help": 12,
    "help talk": 13,
    "category": 14,
    "category talk": 15,
}
_NO_PAGES = ("special", "media")
#: Wikimedia's cross-wiki prefixes that no wiki uses as a namespace name (interwiki map of Meta-Wiki).
_CROSS_WIKI = {
    "w",
    "m",
    "b",
    "n",
    "q",
    "s",
    "v",
    "c",
    "d",
    "f",
    "mw",
    "wikt",
    "voy",
    "species",
    "phab",
    "wmf",
    "foundation",
}


def normal_title(title: str) -> str:
    """Spaces for underscores, single spaces, first letter upper case: how MediaWiki compares."""
    t = " ".join(title.replace("_", " ").split())
    head, sep, rest = t.partition(":")
    if sep and head.strip().lower() in CANONICAL_NS:
        rest = rest.strip()
        return f"{head.strip().capitalize()}:{rest[:1].upper()}{rest[1:]}"
    return t[:1].upper() + t[1:]


def namespace_only(text: str) -> bool:
    """``"Talk:"``, ``"User talk: "``, ``""``: a namespace with no page name after it."""
    head, sep, rest = text.partition(":")
    key = " ".join(head.replace("_", " ").split()).lower()
    if not text.strip():
        return True
    return bool(sep) and not rest.strip() and (key in CANONICAL_NS or key in _NO_PAGES)


def _numbers(cfg: Config, file: str) -> None:
    for section, obj in (("site", cfg.site), ("schedule", cfg.schedule)):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise ConfigError(f"{file}: {section}.{f.name}: expected a number >= 0, got {value!r}")
    for i, g in enumerate(cfg.groups):
        for f in dataclasses.fields(g.feedback):
            value = getattr(g.feedback, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise ConfigError(
                    f"{file}: group[{i}].feedback.{f.name}: expected a number >= 0, got {value!r}"
                )
        if g.feedback.max_pages < 1:
            raise ConfigError(
                f"{file}: group[{i}].feedback.max_pages: expected a number >= 1, got {g.feedback.max_pages!r}"
            )


def _titles(cfg: Config, file: str) -> None:
    if not cfg.site.family.strip() or not cfg.site.code.strip():
        raise ConfigError(f"{file}: site.family/site.code: expected a name, got an empty one")
    for i, g in enumerate(cfg.groups):
        at = f"group[{i}]"
        if not g.name.strip() or g.name != g.name.strip():
            raise ConfigError(f"{file}: {at}.name: expected a name such as 'ldwg', got {g.name!r}")
        f_, t = g.feedback, g.translations
        for key, title in page_titles(g):
            if not (title or key.endswith("]")):  # an empty list entry is an error, an unset page not
                continue
            if namespace_only(title):
                raise ConfigError(
                    f"{file}: {at}.{key}: expected a page title, got {title!r}"
                    + (" (a namespace, no page name)" if title.strip() else "")
                )
        for k, prefix in enumerate(f_.prefixes):
            if namespace_only(prefix):
                raise ConfigError(
                    f"{file}: {at}.feedback.prefixes[{k}]: {prefix!r} names a whole "
                    "namespace; give the start of the page names, such as "
                    "'Talk:Leadership Development Working Group/'"
                )
        if t.prefix and namespace_only(t.prefix):
            raise ConfigError(
                f"{file}: {at}.translations.prefix: {t.prefix!r} names a whole namespace; "
                "give the start of the page names"
            )


def _roles(cfg: Config, file: str) -> None:
    """A page the bot writes has one role; a page it reads (talk, draft) is never written."""
    written: dict[str, str] = {}
    read: list[tuple[str, str]] = []
    for i, g in enumerate(cfg.groups):
        at = f"group[{i}]"
        for key, title in _written(g):
            norm = normal_title(title)
            if norm in written:
                raise ConfigError(
                    f"{file}: {at}.{key}: {title!r} is also {written[norm]}; "
                    "each page the bot writes needs a role of its own"
                )
            written[norm] = f"{at}.{key}"
        read += [
            (f"{at}.{key}", title)
            for key, title in page_titles(g)  # talk pages, drafts
            if title and key not in WRITTEN_KEYS and not key.startswith("translations.")
        ]
    for key, title in read:
        if normal_title(title) in written:
            raise ConfigError(
                f"{file}: {key}: {title!r} is also {written[normal_title(title)]}; "
                "the bot would overwrite a page it reads"
            )


def page_titles(g: GroupConfig) -> tuple[tuple[str, str], ...]:
    """(key, title) of every page title group ``g`` names, set or not: the one list of title keys."""
    u, f_, t = g.updates, g.feedback, g.translations
    return (
        ("updates.page", u.page),
        ("updates.index_page", u.index_page),
        ("updates.latest_box", u.latest_box),
        ("updates.draft_page", u.draft_page),
        ("feedback.summary_page", f_.summary_page),
        ("feedback.draft_page", f_.draft_page),
        ("translations.table_page", t.table_page),
        *((f"feedback.talk_pages[{k}]", p) for k, p in enumerate(f_.talk_pages)),
        *((f"translations.pages[{k}]", p) for k, p in enumerate(t.pages)),
    )


#: The page title keys whose pages the bot writes (the others it reads).
WRITTEN_KEYS = frozenset(
    {
        "updates.page",
        "updates.index_page",
        "updates.latest_box",
        "feedback.summary_page",
        "translations.table_page",
    }
)


def _written(g: GroupConfig) -> tuple[tuple[str, str], ...]:
    """(key, title) of every page of group ``g`` the bot writes (set ones only)."""
    return tuple((key, title) for key, title in page_titles(g) if key in WRITTEN_KEYS and title)


def _not_writable(title: str) -> str:
    """Why the bot must not write ``title`` whatever the wiki ('' when it may)."""
    head, sep, _ = title.partition(":")
    key = " ".join(head.replace("_", " ").split()).lower()
    if title.startswith(":"):
        return "starts with ':' (link syntax); give the title without it"
    if not sep:
        return ""
    if key in _NO_PAGES:
        return "is a special page, which nobody can edit; give a page of an ordinary namespace"
    if key == "mediawiki":
        return (
            "is in the MediaWiki: namespace (the wiki's interface, editable by interface "
            "administrators only); give a page of an ordinary namespace"
        )
    if key in _CROSS_WIKI or (is_language_code(key) and (len(key) == 2 or "-" in key)):
        return (
            f"starts with '{head}:', an interwiki prefix (another wiki); give a page of this "
            "wiki (for a namespace alias, the namespace's own name)"
        )
    return ""


def _targets(cfg: Config, file: str) -> None:
    """Every written page may be written, and is not under a feedback prefix (read as feedback)."""
    if not cfg.store.strip():
        raise ConfigError(
            f"{file}: store: expected the path of the SQLite store such as "
            f"'{{data}}/ldwg-bot.sqlite', got {cfg.store!r}"
        )
    prefixes = [
        (f"group[{i}].feedback.prefixes[{k}]", prefix)
        for i, g in enumerate(cfg.groups)
        for k, prefix in enumerate(g.feedback.prefixes)
    ]
    for i, g in enumerate(cfg.groups):
        for key, title in _written(g):
            why = _not_writable(title)
            if why:
                raise ConfigError(f"{file}: group[{i}].{key}: {title!r} {why}")
            for where, prefix in prefixes:
                if normal_title(title).startswith(normal_title(prefix)):
                    raise ConfigError(
                        f"{file}: group[{i}].{key}: {title!r} lies under {where} "
                        f"({prefix!r}); the bot would read its own page as feedback; "
                        "put it elsewhere"
                    )


def _basics(cfg: Config, file: str) -> None:
    """Rules beyond types: codes, required page names, layout needs."""

    def need(value: str, key: str, what: str) -> None:
        if not value.strip():
            raise ConfigError(f"{file}: {key}: missing; expected {what}")

    if not cfg.groups:
        raise ConfigError(f"{file}: group: missing; expected at least one [[group]] table")
    if cfg.site.api:
        check_api_url(cfg.site.api, f"{file}: site.api")
    names = set()
    for i, g in enumerate(cfg.groups):
        at = f"group[{i}]"
        if g.name in names:
            raise ConfigError(f"{file}: {at}.name: duplicate group name {g.name!r}")
        names.add(g.name)
        for j, code in enumerate(g.languages):
            if not is_language_code(code):
                raise ConfigError(
                    f"{file}: {at}.languages[{j}]: expected a language code such as "
                    f"'es' or 'pt-br', got {code!r}"
                )
        u, f_, t = g.updates, g.feedback, g.translations
        if u.sources or u.draft_page:
            if u.layout == "sections":
                need(u.page, f"{at}.updates.page", "the title of the updates page")
            else:
                need(u.index_page, f"{at}.updates.index_page", "the title of the updates index page")
                if "{month}" not in u.subpage_pattern:
                    raise ConfigError(
                        f"{file}: {at}.updates.subpage_pattern: expected a title "
                        f"containing {{month}}, got {u.subpage_pattern!r}"
                    )
            need(u.latest_box, f"{at}.updates.latest_box", "the title of the latest-update box page")
        for j, code in enumerate(f_.detect_languages):
            if not is_language_code(code):
                raise ConfigError(
                    f"{file}: {at}.feedback.detect_languages[{j}]: expected a language "
                    f"code such as 'es' or 'pt-br', got {code!r}"
                )
        if not 0.0 <= f_.language_threshold <= 1.0:
            raise ConfigError(
                f"{file}: {at}.feedback.language_threshold: expected a number from 0 "
                f"to 1, got {f_.language_threshold!r}"
            )
        if f_.talk_pages or f_.prefixes:
            need(f_.summary_page, f"{at}.feedback.summary_page", "the title of the feedback summary page")
        if f_.authorship_revisions < 0 or f_.parse_budget_seconds <= 0:
            bad_key = "authorship_revisions" if f_.authorship_revisions < 0 else "parse_budget_seconds"
            raise ConfigError(
                f"{file}: {at}.feedback.{bad_key}: expected a positive number, got {getattr(f_, bad_key)!r}"
            )
        if t.pages or t.prefix:
            need(t.table_page, f"{at}.translations.table_page", "the title of the status table page")
            if not g.languages and not t.all_languages:
                raise ConfigError(
                    f"{file}: {at}.languages: missing; expected a list of language "
                    "codes, or translations.all_languages = true"
                )
        _check_forum(g.forum, f"{file}: {at}.forum")
        for key, title in page_titles(g):
            if title and (re.search(r"[#<>\[\]|{}\n]", title) or title != title.strip()):
                raise ConfigError(f"{file}: {at}.{key}: expected a page title, got {title!r}")


def _check_forum(fo: ForumConfig, where: str) -> None:
    for key, top in FORUM_LIMITS.items():
        value = getattr(fo, key)
        if not 0 <= value <= top:
            unit = "tries after a 429" if key == "retries" else "seconds"
            raise ConfigError(
                f"{where}.{key}: expected a whole number of {unit} from 0 to {top}, got {value}"
            )
    if not (fo.url or fo.topics or fo.digest_topic):
        return
    if not re.match(r"^https?://[^\s/?#]+/?$", fo.url):
        raise ConfigError(
            f"{where}.url: expected the forum's address such as 'https://forum.example.org', got {fo.url!r}"
        )
    if plain_http_elsewhere(fo.url):
        raise ConfigError(
            f"{where}.url: {fo.url} is plain http: the forum's API key would cross the "
            "network unencrypted; use https:// (http is accepted only for localhost)"
        )
    for k, topic in enumerate(fo.topics):
        if topic <= 0:
            raise ConfigError(
                f"{where}.topics[{k}]: expected a topic id (the number in /t/slug/ID), got {topic}"
            )
    if fo.digest_topic < 0:
        raise ConfigError(f"{where}.digest_topic: expected a topic id, or 0 for none, got {fo.digest_topic}")
    if not is_language_code(fo.language):
        raise ConfigError(f"{where}.language: expected a language code such as 'en', got {fo.language!r}")


def check(cfg: Config, file: str) -> None:
    """Every rule beyond types, in order: the first broken one is the error."""
    _basics(cfg, file)
    _numbers(cfg, file)
    _titles(cfg, file)
    _roles(cfg, file)
    _targets(cfg, file)
