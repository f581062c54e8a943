"""What one run of a job gets: config, arguments, the wiki, the store, the clock.

The clock is read once per run (``now``) and passed to pure functions, so
date edge cases are unit tests. The wiki and the store open lazily, so a job
that has nothing to do costs no request and no file. ``run-all`` gives each
job a :meth:`Context.for_job`: its own arguments and report, the same wiki,
store and clock. Under ``-simulate`` the store is an in-memory copy and no
lock is taken, so nothing is written anywhere.
"""

from __future__ import annotations

import argparse
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import Config, data_dir
from .report import Report

if TYPE_CHECKING:
    from ..wiki import Wiki


@dataclass
class Context:
    config: Config | None  # None in read-only --api mode
    args: argparse.Namespace
    report: Report
    wiki_factory: Callable[[], Wiki]
    always: bool = False
    pwb_args: list[str] = field(default_factory=list)
    now: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))
    parent: Context | None = None  # run-all: the store is the parent's
    _wiki: Wiki | None = None
    _store: sqlite3.Connection | None = None

    @property
    def wiki(self) -> Wiki:
        if self._wiki is None:
            self._wiki = self.wiki_factory()
        return self._wiki

    def for_job(self, job: str, args: argparse.Namespace) -> Context:
        """The context of one job inside this run (run-all): same config, wiki, store, clock."""
        return Context(
            config=self.config,
            args=args,
            report=Report(job=job),
            wiki_factory=lambda: self.wiki,
            always=self.always,
            pwb_args=self.pwb_args,
            now=self.now,
            parent=self,
        )

    @property
    def store(self) -> sqlite3.Connection:
        """The shared SQLite store; under -simulate an in-memory copy of it."""
        if self.parent is not None:
            return self.parent.store
        if self._store is None:
            from .store import open_store, snapshot_store

            target = self.store_path
            self._store = snapshot_store(target) if self.simulate else open_store(target)
        return self._store

    @property
    def store_path(self) -> Path:
        """``--store``, else the config's ``store``, else the read-only runs' own file."""
        path = getattr(self.args, "store", None)
        if path:
            return Path(path)
        if self.config is not None:
            return self.config.path(self.config.store)
        return data_dir() / "readonly.sqlite"

    @property
    def lock_dir(self) -> Path:
        """Locks live beside the store (``--store`` included), so every run that shares a
        store shares locks, and a run on another store never waits for them."""
        return self.store_path.parent / "locks"

    @property
    def simulate(self) -> bool:
        from ..wiki import simulating  # not at import time: the CLI sets pywikibot up first

        return simulating()

    def close(self) -> None:
        """End of the run: every save the wiki connection made is in the report (a run
        stopped right after a save did not get to say so), then the store is closed."""
        if self._wiki is not None and self.parent is None:
            self.report.add_saved(self._wiki.edits, self._wiki.permalink)
        if self._store is not None and self.parent is None:
            self._store.close()
            self._store = None
