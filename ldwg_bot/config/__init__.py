"""Configuration: one TOML file (or an on-wiki JSON page) -> frozen dataclasses.

Three modules, imported one way (no circle): :mod:`.schema` (the dataclasses: every key a
user can write, beside its default), :mod:`.rules` (what needs the whole file: numbers,
titles, roles, namespaces; reads the schema) and :mod:`.load` (TOML/JSON -> checked
``Config``; reads both). This module only names the public API.
"""

from __future__ import annotations

from .load import config_page_allowed, from_dict, load, load_wiki_json
from .schema import (
    DEFAULT_CONFIG,
    EXAMPLES_DIR,
    FORUM_LIMITS,
    Config,
    FeedbackConfig,
    ForumConfig,
    GroupConfig,
    ScheduleConfig,
    SiteConfig,
    TranslationsConfig,
    UpdatesConfig,
    check_api_url,
    data_dir,
    plain_http_elsewhere,
)

__all__ = [
    "Config",
    "SiteConfig",
    "GroupConfig",
    "UpdatesConfig",
    "FeedbackConfig",
    "TranslationsConfig",
    "ForumConfig",
    "ScheduleConfig",
    "load",
    "load_wiki_json",
    "config_page_allowed",
    "check_api_url",
    "from_dict",
    "data_dir",
    "DEFAULT_CONFIG",
    "EXAMPLES_DIR",
    "FORUM_LIMITS",
    "plain_http_elsewhere",
]
