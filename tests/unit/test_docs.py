"""The manual in docs/ says what the code does: each job's --help, every config key.

Why: the per-job manuals and the docstrings -help prints used to be written
separately and drifted (issue 24). The docs pages now embed what
``ldwg-bot JOB --help`` prints, between markers, and this test compares the
two (regenerate with ``.venv/bin/python docs/sync_help.py``); the
configuration reference must have a row for every field of the schema.
"""

import dataclasses
import importlib.util
import re
import typing
from pathlib import Path

import pytest

from ldwg_bot import config

DOCS = Path(__file__).resolve().parents[2] / "docs"
#: Field name -> TOML key where they differ (the schema spells the array of tables [[group]]).
TOML_KEYS = getattr(config, "_TOML_KEYS", {"groups": "group"})


def _sync_help():
    spec = importlib.util.spec_from_file_location("sync_help", DOCS / "sync_help.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


sync_help = _sync_help()


@pytest.mark.parametrize("job", sync_help.JOBS)
def test_the_docs_page_shows_what_help_prints(job):
    page = (DOCS / f"{job}.md").read_text(encoding="utf-8")
    shown = sync_help.embedded(page, job)
    assert shown is not None, f"docs/{job}.md: no help block between {sync_help.markers(job)}"
    printed = sync_help.help_text(job)
    assert printed.startswith(f"usage: ldwg-bot {job}")
    assert shown == printed, (
        f"docs/{job}.md differs from `ldwg-bot {job} --help`; run .venv/bin/python docs/sync_help.py"
    )


def test_sync_help_rewrites_only_the_block():
    page = "before\n<!-- help:x:start -->\nold\n<!-- help:x:end -->\nafter\n"
    new = sync_help.with_help(page, "x", "usage: new\n")
    assert new == "before\n<!-- help:x:start -->\n```text\nusage: new\n```\n<!-- help:x:end -->\nafter\n"
    assert sync_help.embedded(new, "x") == "usage: new\n"
    with pytest.raises(ValueError, match="no <!-- help:y:start -->"):
        sync_help.with_help(page, "y", "usage\n")


def _tables(cls, prefix: str) -> dict[str, list[str]]:
    """Schema table name (as the docs heading spells it) -> its keys, walking nested dataclasses."""
    keys = [TOML_KEYS.get(f.name, f.name) for f in dataclasses.fields(cls) if f.name != "source"]
    out = {prefix: keys}
    for f in dataclasses.fields(cls):
        tp = held_type(cls, f)
        if dataclasses.is_dataclass(tp):
            key = TOML_KEYS.get(f.name, f.name)
            name = "[[group]]" if key == "group" else (f"[{key}]" if prefix == "top" else f"[group.{key}]")
            out.update(_tables(tp, name))
    return out


def held_type(cls, f):
    """The dataclass a field holds (also inside ``tuple[X, ...]``), else its type."""
    tp = typing.get_type_hints(cls)[f.name]
    args = typing.get_args(tp)
    return args[0] if args and dataclasses.is_dataclass(args[0]) else tp


def test_every_config_key_has_a_row_in_the_reference():
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    found = re.findall(r"^### (?:`(\[[^`]+\])`|Top level).*?$\n(.*?)(?=^#|\Z)", text, re.M | re.S)
    sections = {table or "top": body for table, body in found}
    missing = []
    for table, keys in _tables(config.Config, "top").items():
        body = sections.get(table, "")
        rows = {k for cell in re.findall(r"^\| ([^|]+) \|", body, re.M) for k in re.findall(r"`(\w+)`", cell)}
        missing += [f"{table} {key}" for key in keys if key not in rows]
    assert not missing, f"docs/configuration.md has no row for: {missing}"
