"""Loading: a TOML file or an on-wiki JSON page -> a checked :class:`~.schema.Config`.

One generic validator walks a parsed document against the dataclasses of :mod:`.schema`, so an
unknown key, a wrong type, a bad language code or a missing page name is reported as one
line naming the file, the key and what is expected -- the same for TOML and for on-wiki JSON.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import typing
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from ..errors import ConfigError
from .rules import check
from .schema import DEFAULT_CONFIG, Config

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
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
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


def _build(cls: type, data: dict[str, Any], where: str, file: str) -> Any:
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls) if f.name != "source"}
    by_key = {_TOML_KEYS.get(name, name): name for name in fields}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        name = by_key.get(key)
        if name is None:
            raise ConfigError(
                f"{file}: {where + '.' if where else ''}{key}: unknown key; expected one of "
                + ", ".join(sorted(by_key))
            )
        kwargs[name] = _convert(value, hints[name], f"{where + '.' if where else ''}{key}", file)
    return cls(**kwargs)


def from_dict(data: Any, source: str) -> Config:
    """Validate a parsed document (TOML or JSON) into a :class:`Config`."""
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a table/object at the top level")
    cfg: Config = _build(Config, data, "", source)
    cfg = dataclasses.replace(cfg, source=source)
    check(cfg, source)
    return cfg


def load(path: str | os.PathLike[str] | None = None) -> Config:
    """Load and validate a TOML config; the packaged default targets the devwiki."""
    p = Path(path) if path else DEFAULT_CONFIG
    try:
        raw = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{p}: cannot read config: {exc.strerror}") from None
    except UnicodeDecodeError as exc:  # TOML is UTF-8 by definition (toml.io, v1.0.0)
        line = p.read_bytes()[: exc.start].count(b"\n") + 1
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
        raise ConfigError(
            f"--config-page {title}: site.user (the bot account) is not set in the "
            "local configuration, so no user space can be trusted"
        )
    user = user[:1].upper() + user[1:]
    head, _, rest = norm.partition(":")
    rest = rest.strip()
    rest = rest[:1].upper() + rest[1:]
    if head.strip().lower() != "user" or not rest.startswith(user + "/") or not norm.endswith(".json"):
        raise ConfigError(
            f"--config-page {title}: expected a JSON page in the bot's user space, "
            f"such as User:{user}/config.json (only the account and administrators "
            "can edit those)"
        )
    return f"User:{rest}"


def load_wiki_json(text: str, source: str, local: Config) -> Config:
    """On-wiki configuration (groups and pages) on top of the local file, which alone
    sets local paths, the site, the account and the timetable."""
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{source}: not valid JSON: line {exc.lineno} column {exc.colno}: {exc.msg}"
        ) from None
    why = (
        "may only be set in the local configuration file (local paths, the site and its "
        "account never come from the wiki)"
    )
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
        for g in data.get("group") or []:  # the forum's address comes from the local group
            lg = mine.get(g.get("name", "ldwg")) if isinstance(g, dict) else None
            if lg is not None and lg.forum.url and isinstance(g.get("forum"), dict):
                g["forum"]["url"] = lg.forum.url
    cfg = from_dict(data, source)
    groups = []
    for g in cfg.groups:
        lg = mine.get(g.name)
        if lg is not None:  # the same group's local settings; paths made absolute
            paths: dict[str, Any] = {
                k: str(local.path(v)) if (v := getattr(lg.updates, k)) not in ("", "-") else v
                for k in LOCAL_ONLY_GROUP["updates"]
            }
            g = dataclasses.replace(
                g,
                updates=dataclasses.replace(g.updates, **paths),
                forum=dataclasses.replace(g.forum, url=lg.forum.url),
            )
        groups.append(g)
    return dataclasses.replace(
        cfg,
        site=local.site,
        store=str(local.path(local.store)),
        schedule=local.schedule,
        groups=tuple(groups),
    )
