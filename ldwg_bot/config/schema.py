"""The configuration's schema: its frozen dataclasses, one field per key a user can write.

Their fields, types and defaults *are* the schema; :mod:`.load` walks a parsed document against
them and :mod:`.rules` checks what needs the whole file. Nothing here imports either, so the
three have no import circle.

Path values may use ``{data}`` (the user's ldwg-bot data directory),
``{examples}`` (the example content shipped in the package) and ``~``;
relative paths are taken from the config file's folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ..errors import ConfigError

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
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

    sources: str = ""  # folder of YYYY-MM.md files
    draft_page: str = ""  # or: a wikitext draft page on the wiki
    layout: Literal["sections", "subpages"] = "sections"
    page: str = ""  # sections layout: the one translatable page
    subpage_pattern: str = "{root}/Updates/{month}"
    index_page: str = ""  # subpages layout: index, newest first
    latest_box: str = ""  # template page the main page transcludes
    announce_list: str = ""  # MassMessage delivery list
    digest: str = ""  # file to write the forum digest to ("-" = stdout)
    # Translate markup: "auto" = only where the wiki has the Translate extension (siteinfo)
    translatable: Literal["auto", "yes", "no"] = "auto"


@dataclass(frozen=True)
class FeedbackConfig:
    """collect-feedback: which talk pages, where the summary goes."""

    talk_pages: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()  # e.g. "Talk:Leadership Development Working Group/"
    summary_page: str = ""
    authorship_revisions: int = 50  # first run: revisions read back per page to find who added a comment
    parse_budget_seconds: float = 20.0  # a page that takes longer to parse is skipped (one note)
    max_pages: int = 500  # a prefix listing more pages than this stops the run
    draft_page: str = ""  # the draft the comments discuss: links comments to its parts
    detect_languages: tuple[str, ...] = ()  # more languages a comment may be in (besides languages)
    language_threshold: float = 0.5  # accept a detected language at this probability or above


@dataclass(frozen=True)
class ForumConfig:
    """A Discourse forum: topics read as feedback, one topic that gets the digest."""

    url: str = ""  # https://forum.movement-strategy.org
    topics: tuple[int, ...] = ()  # topic ids read by collect-feedback
    digest_topic: int = 0  # publish-update posts the digest here (0 = never)
    language: str = "en"  # language of posts, as a talk page's language
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
    prefix: str = ""  # every translatable page under this prefix
    table_page: str = ""
    all_languages: bool = False  # every language with any translation


@dataclass(frozen=True)
class GroupConfig:
    """One working group (or page set) with its own pages and table."""

    name: str = "ldwg"
    root: str = ""  # e.g. "Leadership Development Working Group"
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
        return (
            Path(self.source).resolve().parent
            if self.source and "://" not in self.source and not self.source.startswith("wiki:")
            else Path.cwd()
        )

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
        raise ConfigError(
            f"{self.source}: no group named {name!r}; have {', '.join(g.name for g in self.groups)}"
        )


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
        raise ConfigError(
            f"{where}: {url} is plain http: the login and every edit would cross "
            "the network unencrypted; use https:// (http is accepted only for localhost)"
        )
