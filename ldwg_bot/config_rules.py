"""Configuration rules that need the whole file: numbers, titles, roles, namespaces.

Each of these once passed ``check-config`` and failed later, in the middle
of a run: ``translations.pages = ["Talk:"]`` (pywikibot's InvalidTitleError),
a negative ``maxlag`` or ``put_throttle``, an empty name, one page in two
roles (two jobs overwriting each other), and a ``prefixes`` entry naming a
whole namespace (on Meta, tens of thousands of talk pages). Each is one
line naming the file and the key. :func:`check` is called by
:func:`ldwg_bot.config.from_dict`, for TOML and on-wiki JSON alike.

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
from typing import TYPE_CHECKING

from .errors import ConfigError
from .langcode import is_language_code

if TYPE_CHECKING:
    from .config import Config

#: Canonical namespace names (every wiki knows them, in any language) -> namespace id.
CANONICAL_NS = {"": 0, "talk": 1, "user": 2, "user talk": 3, "project": 4, "project talk": 5,
                "file": 6, "file talk": 7, "mediawiki": 8, "mediawiki talk": 9, "template": 10,
                "template talk": 11, "help": 12, "help talk": 13, "category": 14, "category talk": 15}
_NO_PAGES = ("special", "media")
#: Wikimedia's cross-wiki prefixes that no wiki uses as a namespace name (interwiki map of Meta-Wiki).
_CROSS_WIKI = {"w", "m", "b", "n", "q", "s", "v", "c", "d", "f", "mw", "wikt", "voy", "species",
               "phab", "wmf", "foundation"}


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


def _numbers(cfg: "Config", file: str) -> None:
    for section, obj in (("site", cfg.site), ("schedule", cfg.schedule)):
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise ConfigError(f"{file}: {section}.{f.name}: expected a number >= 0, got {value!r}")
    for i, g in enumerate(cfg.groups):
        for f in dataclasses.fields(g.feedback):
            value = getattr(g.feedback, f.name)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and value < 0:
                raise ConfigError(f"{file}: group[{i}].feedback.{f.name}: expected a number >= 0, "
                                  f"got {value!r}")
        if g.feedback.max_pages < 1:
            raise ConfigError(f"{file}: group[{i}].feedback.max_pages: expected a number >= 1, "
                              f"got {g.feedback.max_pages!r}")


def _titles(cfg: "Config", file: str) -> None:
    if not cfg.site.family.strip() or not cfg.site.code.strip():
        raise ConfigError(f"{file}: site.family/site.code: expected a name, got an empty one")
    for i, g in enumerate(cfg.groups):
        at = f"group[{i}]"
        if not g.name.strip() or g.name != g.name.strip():
            raise ConfigError(f"{file}: {at}.name: expected a name such as 'ldwg', got {g.name!r}")
        u, f_, t = g.updates, g.feedback, g.translations
        single = (("updates.page", u.page), ("updates.index_page", u.index_page),
                  ("updates.latest_box", u.latest_box), ("updates.draft_page", u.draft_page),
                  ("feedback.summary_page", f_.summary_page), ("translations.table_page", t.table_page))
        lists = (*((f"feedback.talk_pages[{k}]", p) for k, p in enumerate(f_.talk_pages)),
                 *((f"translations.pages[{k}]", p) for k, p in enumerate(t.pages)))
        for key, title in [*((k, v) for k, v in single if v), *lists]:
            if namespace_only(title):
                raise ConfigError(f"{file}: {at}.{key}: expected a page title, got {title!r}"
                                  + (" (a namespace, no page name)" if title.strip() else ""))
        for k, prefix in enumerate(f_.prefixes):
            if namespace_only(prefix):
                raise ConfigError(f"{file}: {at}.feedback.prefixes[{k}]: {prefix!r} names a whole "
                                  "namespace; give the start of the page names, such as "
                                  "'Talk:Leadership Development Working Group/'")
        if t.prefix and namespace_only(t.prefix):
            raise ConfigError(f"{file}: {at}.translations.prefix: {t.prefix!r} names a whole namespace; "
                              "give the start of the page names")


def _roles(cfg: "Config", file: str) -> None:
    """A page the bot writes has one role; a page it reads (talk, draft) is never written."""
    written: dict[str, str] = {}
    read: list[tuple[str, str]] = []
    for i, g in enumerate(cfg.groups):
        at = f"group[{i}]"
        u, f_ = g.updates, g.feedback
        for key, title in _written(g):
            norm = normal_title(title)
            if norm in written:
                raise ConfigError(f"{file}: {at}.{key}: {title!r} is also {written[norm]}; "
                                  "each page the bot writes needs a role of its own")
            written[norm] = f"{at}.{key}"
        read += [(f"{at}.feedback.talk_pages[{k}]", p) for k, p in enumerate(f_.talk_pages)]
        read += [(f"{at}.{key}", title) for key, title in (("updates.draft_page", u.draft_page),
                                                           ("feedback.draft_page", f_.draft_page)) if title]
    for key, title in read:
        if normal_title(title) in written:
            raise ConfigError(f"{file}: {key}: {title!r} is also {written[normal_title(title)]}; "
                              "the bot would overwrite a page it reads")


def _written(g) -> tuple[tuple[str, str], ...]:
    """(key, title) of every page of group ``g`` the bot writes (set ones only)."""
    u, f_, t = g.updates, g.feedback, g.translations
    pages = (("updates.page", u.page), ("updates.index_page", u.index_page),
             ("updates.latest_box", u.latest_box), ("feedback.summary_page", f_.summary_page),
             ("translations.table_page", t.table_page))
    return tuple((key, title) for key, title in pages if title)


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
        return ("is in the MediaWiki: namespace (the wiki's interface, editable by interface "
                "administrators only); give a page of an ordinary namespace")
    if key in _CROSS_WIKI or (is_language_code(key) and (len(key) == 2 or "-" in key)):
        return (f"starts with '{head}:', an interwiki prefix (another wiki); give a page of this "
                "wiki (for a namespace alias, the namespace's own name)")
    return ""


def _targets(cfg: "Config", file: str) -> None:
    """Every written page may be written, and is not under a feedback prefix (read as feedback)."""
    if not cfg.store.strip():
        raise ConfigError(f"{file}: store: expected the path of the SQLite store such as "
                          f"'{{data}}/ldwg-bot.sqlite', got {cfg.store!r}")
    prefixes = [(f"group[{i}].feedback.prefixes[{k}]", prefix)
                for i, g in enumerate(cfg.groups) for k, prefix in enumerate(g.feedback.prefixes)]
    for i, g in enumerate(cfg.groups):
        for key, title in _written(g):
            why = _not_writable(title)
            if why:
                raise ConfigError(f"{file}: group[{i}].{key}: {title!r} {why}")
            for where, prefix in prefixes:
                if normal_title(title).startswith(normal_title(prefix)):
                    raise ConfigError(f"{file}: group[{i}].{key}: {title!r} lies under {where} "
                                      f"({prefix!r}); the bot would read its own page as feedback; "
                                      "put it elsewhere")


def check(cfg: "Config", file: str) -> None:
    _numbers(cfg, file)
    _titles(cfg, file)
    _roles(cfg, file)
    _targets(cfg, file)
