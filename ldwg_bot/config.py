"""Configuration: one TOML file (or an on-wiki JSON page) -> frozen dataclasses.

The schema *is* the dataclasses below: their fields, types and defaults. One
generic validator walks a parsed document against them, so an unknown key, a
wrong type, a bad language code or a missing page name is reported as one
line naming the file, the key and what is expected -- the same for TOML and
for on-wiki JSON.

Path values may use ``{data}`` (the user's ldwg-bot data directory),
``{examples}`` (the example content shipped in the package) and ``~``;
relative paths are taken from the config file's folder.

It runs a little past the ~400-line guide because the schema is kept whole in
one place: every key a user can write is a field here, beside its default.
Rules that look across keys live in :mod:`.config_rules`.
"""
from __future__ import annotations

import dataclasses
import os
import re
import tomllib
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin
from urllib.parse import urlsplit

from .errors import ConfigError
from .langcode import is_language_code

EXAMPLES_DIR = Path(__file__).resolve().parent / "examples"
DEFAULT_CONFIG = EXAMPLES_DIR / "ldwg-bot.toml"


def data_dir() -> Path:
    """Where ldwg-bot keeps its store and the devwiki unless told otherwise."""
    base = os.environ.get("LDWG_BOT_HOME")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "ldwg-bot"


@dataclass(frozen=True)
class SiteConfig:
    """Which wiki, as which account."""

    family: str = "devwiki"
    code: str = "devwiki"
    # api.php URL; when set, the family is registered from it (pywikibot AutoFamily),
    # so no family file is needed. Empty for families pywikibot knows (meta).
    api: str = ""
    user: str = ""
    # Folder holding user-config.py / user-password.py; -dir and PYWIKIBOT_DIR win.
    pywikibot_dir: str = ""
    maxlag: int = 5
    put_throttle: float = 5.0
    # retries of pywikibot's first request at start-up (10 s timeout each) before giving up
    connect_retries: int = 2
    summary_suffix: str = "([[m:User:LdwgBot|ldwg-bot]])"


@dataclass(frozen=True)
class UpdatesConfig:
    """publish-update: where updates come from and where they go."""

    sources: str = ""                # folder of YYYY-MM.md files
    draft_page: str = ""             # or: a wikitext draft page on the wiki
    layout: Literal["sections", "subpages"] = "sections"
    page: str = ""                   # sections layout: the one translatable page
    subpage_pattern: str = "{root}/Updates/{month}"
    index_page: str = ""             # subpages layout: index, newest first
    latest_box: str = ""             # template page the main page transcludes
    announce_list: str = ""          # MassMessage delivery list
    digest: str = ""                 # file to write the forum digest to ("-" = stdout)
    # Translate markup: "auto" = only where the wiki has the Translate extension (siteinfo)
    translatable: Literal["auto", "yes", "no"] = "auto"


@dataclass(frozen=True)
class FeedbackConfig:
    """collect-feedback: which talk pages, where the summary goes."""

    talk_pages: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()   # e.g. "Talk:Leadership Development Working Group/"
    summary_page: str = ""
    authorship_revisions: int = 50   # first run: revisions read back per page to find who added a comment
    parse_budget_seconds: float = 20.0   # a page that takes longer to parse is skipped (one note)
    max_pages: int = 500             # a prefix listing more pages than this stops the run
    draft_page: str = ""             # the draft the comments discuss: links comments to its parts
    detect_languages: tuple[str, ...] = ()   # more languages a comment may be in (besides languages)
    language_threshold: float = 0.5  # accept a detected language at this probability or above


@dataclass(frozen=True)
class ForumConfig:
    """A Discourse forum: topics read as feedback, one topic that gets the digest."""

    url: str = ""                    # https://forum.movement-strategy.org
    topics: tuple[int, ...] = ()     # topic ids read by collect-feedback
    digest_topic: int = 0            # publish-update posts the digest here (0 = never)
    language: str = "en"             # language of posts, as a talk page's language
    # HTTP 429 (rate limited): the longest single wait, all waits of a run, tries after a 429
    max_wait: int = 60
    max_total_wait: int = 120
    retries: int = 3


#: Highest value of each [group.forum] wait setting (the lowest is 0).
FORUM_LIMITS = {"max_wait": 3600, "max_total_wait": 3600, "retries": 10}


@dataclass(frozen=True)
class TranslationsConfig:
    """translation-status: tracked pages and the status table."""

    pages: tuple[str, ...] = ()
    prefix: str = ""                 # every translatable page under this prefix
    table_page: str = ""
    all_languages: bool = False      # every language with any translation


@dataclass(frozen=True)
class GroupConfig:
    """One working group (or page set) with its own pages and table."""

    name: str = "ldwg"
    root: str = ""                   # e.g. "Leadership Development Working Group"
    languages: tuple[str, ...] = ()
    updates: UpdatesConfig = field(default_factory=UpdatesConfig)
    feedback: FeedbackConfig = field(default_factory=FeedbackConfig)
    translations: TranslationsConfig = field(default_factory=TranslationsConfig)
    forum: ForumConfig = field(default_factory=ForumConfig)


@dataclass(frozen=True)
class ScheduleConfig:
    """Timetable of `ldwg-bot schedule` (minutes between runs; 0 = never)."""

    feedback_minutes: int = 15
    translations_minutes: int = 60
    updates_minutes: int = 1440


@dataclass(frozen=True)
class Config:
    site: SiteConfig = field(default_factory=SiteConfig)
    store: str = "{data}/ldwg-bot.sqlite"
    groups: tuple[GroupConfig, ...] = ()
    schedule: ScheduleConfig = field(default_factory=ScheduleConfig)
    # where the config came from, for messages and relative paths (not a key)
    source: str = field(default="", compare=False)

    @property
    def base_dir(self) -> Path:
        return Path(self.source).resolve().parent if self.source and "://" not in self.source \
            and not self.source.startswith("wiki:") else Path.cwd()

    def path(self, value: str) -> Path:
        """Expand ``{data}``, ``{examples}``, ``~``; relative to the config file."""
        expanded = value.replace("{data}", str(data_dir())).replace("{examples}", str(EXAMPLES_DIR))
        p = Path(expanded).expanduser()
        return p if p.is_absolute() else self.base_dir / p

    def group(self, name: str | None = None) -> GroupConfig:
        if name is None:
            return self.groups[0]
        for g in self.groups:
            if g.name == name:
                return g
        raise ConfigError(f"{self.source}: no group named {name!r}; "
                          f"have {', '.join(g.name for g in self.groups)}")


# ---------------------------------------------------------------- validation

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def plain_http_elsewhere(url: str) -> bool:
    """http to another machine: a login or an API key would cross the network unencrypted."""
    return url.lower().startswith("http://") and (urlsplit(url).hostname or "").lower() not in LOOPBACK_HOSTS


def check_api_url(url: str, where: str) -> None:
    """An api.php URL over https; plain http only to this machine (the devwiki, tests)."""
    m = re.match(r"^(https?)://([^\s/]+)/\S*api\.php$", url)
    if not m:
        raise ConfigError(f"{where}: expected the URL of a wiki's api.php, got {url!r}")
    if plain_http_elsewhere(url):
        raise ConfigError(f"{where}: {url} is plain http: the login and every edit would cross "
                          "the network unencrypted; use https:// (http is accepted only for localhost)")

_TOML_KEYS = {"groups": "group"}  # TOML spells the array of tables [[group]]


def _describe(tp: Any) -> str:
    origin = get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(repr(a) for a in get_args(tp))
    if origin is tuple:
        inner = get_args(tp)[0]
        return "a list of " + {str: "strings", int: "integers"}.get(inner, "tables")
    if dataclasses.is_dataclass(tp):
        return "a table"
    return {str: "a string", int: "an integer", float: "a number", bool: "true or false"}.get(tp, str(tp))


def _convert(value: Any, tp: Any, where: str, file: str) -> Any:
    origin = get_origin(tp)
    bad = ConfigError(f"{file}: {where}: expected {_describe(tp)}, got {value!r}")
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise bad
        return _build(tp, value, where, file)
    if origin is Literal:
        if value not in get_args(tp):
            raise bad
        return value
    if origin is tuple:
        if isinstance(value, (str, bytes)) or not isinstance(value, (list, tuple)):
            raise bad
        item_tp = get_args(tp)[0]
        return tuple(_convert(v, item_tp, f"{where}[{i}]", file) for i, v in enumerate(value))
    if tp is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
        return float(value)
    if tp is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if not isinstance(value, tp):
        raise bad
    return value


def _build(cls: type, data: dict, where: str, file: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    by_key = {_TOML_KEYS.get(name, name): name for name in fields}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = by_key.get(key)
        if name is None:
            raise ConfigError(
                f"{file}: {where + '.' if where else ''}{key}: unknown key; expected one of "
                + ", ".join(sorted(by_key)))
        kwargs[name] = _convert(value, hints[name], f"{where + '.' if where else ''}{key}", file)
    return cls(**kwargs)


def _check(cfg: Config, file: str) -> None:
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
                raise ConfigError(f"{file}: {at}.languages[{j}]: expected a language code such as "
                                  f"'es' or 'pt-br', got {code!r}")
        u, f_, t = g.updates, g.feedback, g.translations
        if u.sources or u.draft_page:
            if u.layout == "sections":
                need(u.page, f"{at}.updates.page", "the title of the updates page")
            else:
                need(u.index_page, f"{at}.updates.index_page", "the title of the updates index page")
                if "{month}" not in u.subpage_pattern:
                    raise ConfigError(f"{file}: {at}.updates.subpage_pattern: expected a title "
                                      f"containing {{month}}, got {u.subpage_pattern!r}")
            need(u.latest_box, f"{at}.updates.latest_box", "the title of the latest-update box page")
        for j, code in enumerate(f_.detect_languages):
            if not is_language_code(code):
                raise ConfigError(f"{file}: {at}.feedback.detect_languages[{j}]: expected a language "
                                  f"code such as 'es' or 'pt-br', got {code!r}")
        if not 0.0 <= f_.language_threshold <= 1.0:
            raise ConfigError(f"{file}: {at}.feedback.language_threshold: expected a number from 0 "
                              f"to 1, got {f_.language_threshold!r}")
        if f_.talk_pages or f_.prefixes:
            need(f_.summary_page, f"{at}.feedback.summary_page", "the title of the feedback summary page")
        if f_.authorship_revisions < 0 or f_.parse_budget_seconds <= 0:
            bad_key = "authorship_revisions" if f_.authorship_revisions < 0 else "parse_budget_seconds"
            raise ConfigError(f"{file}: {at}.feedback.{bad_key}: expected a positive number, got "
                              f"{getattr(f_, bad_key)!r}")
        if t.pages or t.prefix:
            need(t.table_page, f"{at}.translations.table_page", "the title of the status table page")
            if not g.languages and not t.all_languages:
                raise ConfigError(f"{file}: {at}.languages: missing; expected a list of language "
                                  "codes, or translations.all_languages = true")
        _check_forum(g.forum, f"{file}: {at}.forum")
        for key, title in (("updates.page", u.page), ("updates.index_page", u.index_page),
                           ("updates.latest_box", u.latest_box), ("feedback.summary_page", f_.summary_page),
                           ("feedback.draft_page", f_.draft_page),
                           ("translations.table_page", t.table_page),
                           *((f"feedback.talk_pages[{k}]", p) for k, p in enumerate(f_.talk_pages)),
                           *((f"translations.pages[{k}]", p) for k, p in enumerate(t.pages))):
            if title and (re.search(r"[#<>\[\]|{}\n]", title) or title != title.strip()):
                raise ConfigError(f"{file}: {at}.{key}: expected a page title, got {title!r}")


def _check_forum(fo: ForumConfig, where: str) -> None:
    for key, top in FORUM_LIMITS.items():
        value = getattr(fo, key)
        if not 0 <= value <= top:
            unit = "tries after a 429" if key == "retries" else "seconds"
            raise ConfigError(f"{where}.{key}: expected a whole number of {unit} from 0 to {top}, "
                              f"got {value}")
    if not (fo.url or fo.topics or fo.digest_topic):
        return
    if not re.match(r"^https?://[^\s/?#]+/?$", fo.url):
        raise ConfigError(f"{where}.url: expected the forum's address such as "
                          f"'https://forum.example.org', got {fo.url!r}")
    if plain_http_elsewhere(fo.url):
        raise ConfigError(f"{where}.url: {fo.url} is plain http: the forum's API key would cross the "
                          "network unencrypted; use https:// (http is accepted only for localhost)")
    for k, topic in enumerate(fo.topics):
        if topic <= 0:
            raise ConfigError(f"{where}.topics[{k}]: expected a topic id (the number in /t/slug/ID), got {topic}")
    if fo.digest_topic < 0:
        raise ConfigError(f"{where}.digest_topic: expected a topic id, or 0 for none, got {fo.digest_topic}")
    if not is_language_code(fo.language):
        raise ConfigError(f"{where}.language: expected a language code such as 'en', got {fo.language!r}")


def from_dict(data: dict, source: str) -> Config:
    """Validate a parsed document (TOML or JSON) into a :class:`Config`."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a table/object at the top level")
    cfg = _build(Config, data, "", source)
    cfg = dataclasses.replace(cfg, source=source)
    _check(cfg, source)
    from .config_rules import check

    check(cfg, source)
    return cfg


def load(path: str | os.PathLike | None = None) -> Config:
    """Load and validate a TOML config; the packaged default targets the devwiki."""
    p = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read config: {exc.strerror}") from None
    except UnicodeDecodeError as exc:   # TOML is UTF-8 by definition (toml.io, v1.0.0)
        line = p.read_bytes()[:exc.start].count(b"\n") + 1
        raise ConfigError(f"{p}:{line}: not UTF-8 text (byte {exc.start}); save the file as UTF-8") from None
    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None
    return from_dict(data, str(p))


#: What on-wiki configuration may never set: local paths, the site (a wiki's or the
#: forum's address, which the bot's credentials go to), the account, the timetable.
LOCAL_ONLY = ("store", "site", "schedule")
LOCAL_ONLY_GROUP = {"updates": ("sources", "digest"), "forum": ("url",)}


def config_page_allowed(title: str, bot_user: str) -> str:
    """``title`` if it is a ``.json`` page in the bot account's own user space, else ConfigError.

    Only the account itself and administrators can edit another user's
    ``.json`` pages, so such a page is as trusted as the account.
    """
    norm = " ".join(title.replace("_", " ").split())
    user = " ".join(bot_user.replace("_", " ").split())
    if not user:
        raise ConfigError(f"--config-page {title}: site.user (the bot account) is not set in the "
                          "local configuration, so no user space can be trusted")
    user = user[:1].upper() + user[1:]
    head, _, rest = norm.partition(":")
    rest = rest.strip()
    rest = rest[:1].upper() + rest[1:]
    if head.strip().lower() != "user" or not rest.startswith(user + "/") or not norm.endswith(".json"):
        raise ConfigError(f"--config-page {title}: expected a JSON page in the bot's user space, "
                          f"such as User:{user}/config.json (only the account and administrators "
                          "can edit those)")
    return f"User:{rest}"


def load_wiki_json(text: str, source: str, local: Config) -> Config:
    """On-wiki configuration (groups and pages) on top of the local file, which alone
    sets local paths, the site, the account and the timetable."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{source}: not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    why = ("may only be set in the local configuration file (local paths, the site and its "
           "account never come from the wiki)")
    if isinstance(data, dict):
        for key in LOCAL_ONLY:
            if key in data:
                raise ConfigError(f"{source}: {key}: {why}")
        for i, g in enumerate(data.get("group") or []):
            for table, keys in LOCAL_ONLY_GROUP.items():
                sub = g.get(table) if isinstance(g, dict) else None
                for key in keys:
                    if isinstance(sub, dict) and key in sub:
                        raise ConfigError(f"{source}: group[{i}].{table}.{key}: {why}")
    mine = {g.name: g for g in local.groups}
    if isinstance(data, dict):
        for g in data.get("group") or []:     # the forum's address comes from the local group
            lg = mine.get(g.get("name", "ldwg")) if isinstance(g, dict) else None
            if lg is not None and lg.forum.url and isinstance(g.get("forum"), dict):
                g["forum"]["url"] = lg.forum.url
    cfg = from_dict(data, source)
    groups = []
    for g in cfg.groups:
        lg = mine.get(g.name)
        if lg is not None:     # the same group's local settings; paths made absolute
            paths = {k: str(local.path(v)) if (v := getattr(lg.updates, k)) not in ("", "-") else v
                     for k in LOCAL_ONLY_GROUP["updates"]}
            g = dataclasses.replace(g, updates=dataclasses.replace(g.updates, **paths),
                                    forum=dataclasses.replace(g.forum, url=lg.forum.url))
        groups.append(g)
    return dataclasses.replace(cfg, site=local.site, store=str(local.path(local.store)),
                               schedule=local.schedule, groups=tuple(groups))


__all__ = ["Config", "SiteConfig", "GroupConfig", "UpdatesConfig", "FeedbackConfig",
           "TranslationsConfig", "ForumConfig", "ScheduleConfig", "load", "load_wiki_json",
           "config_page_allowed", "check_api_url", "from_dict",
           "data_dir", "DEFAULT_CONFIG", "EXAMPLES_DIR", "FORUM_LIMITS"]
