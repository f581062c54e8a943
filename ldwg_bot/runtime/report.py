"""What a run did, for people (a short summary) and machines (``--report FILE``).

Jobs append to a :class:`Report`; the CLI prints :meth:`Report.summary` at
the end of every run and writes :meth:`Report.to_dict` as JSON on request.
Nothing secret ever goes in: only titles, links, counts and messages.

The first line names exactly what the run wrote: pages saved count as
changed; pages shown but not saved (-simulate, a "no" at the prompt) are
counted apart. A run stopped part-way (SIGTERM, an error) has not told the
report about its last save: :meth:`Report.add_saved` adds every save the
wiki connection made that the report does not list yet.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from .textfile import write_atomic


@dataclass
class Change:
    title: str
    url: str
    what: str
    simulated: bool = False


@dataclass
class Report:
    job: str
    started: str = field(default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    changes: list[Change] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # human edits inside markers replaced, with diffs
    errors: list[str] = field(default_factory=list)
    exit_code: int = 0

    def changed(self, title: str, url: str, what: str, simulated: bool = False) -> None:
        self.changes.append(Change(title, url, what, simulated))

    def count(self, name: str, n: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + n

    def add_saved(self, edits, permalink) -> None:
        """The wiki connection's edits (``EditResult`` s) in the report: a save the job did not
        get to report (stopped right after it) is added; a page declined at the prompt is
        not written, whatever the job said."""
        saved = [e for e in edits if e.saved]
        declined = {e.title for e in edits if e.declined} - {e.title for e in saved}
        for change in self.changes:
            if change.title in declined:
                change.simulated = True
        listed = {c.title for c in self.changes if not c.simulated}
        for edit in saved:
            if edit.title not in listed:
                listed.add(edit.title)
                self.changed(
                    edit.title, permalink(edit.revid) if edit.revid else "", "saved before the run stopped"
                )

    def headline(self) -> str:
        """What the run wrote, and apart from it what it only showed."""
        written = sum(1 for c in self.changes if not c.simulated)
        shown = len(self.changes) - written
        if not self.changes:
            return f"{self.job}: no change"
        head = f"{self.job}: " + (f"{written} page(s) changed" if written else "nothing written")
        return head + (f"; {shown} page(s) would change (not written)" if shown else "")

    def summary(self) -> str:
        """What changed, for people. Errors are counted, not repeated: the CLI prints each one
        once, as its ``ldwg-bot: error:`` line on stderr."""
        head = self.headline()
        if self.errors:
            head += f"; {len(self.errors)} error(s), on stderr"
        lines = [head]
        for c in self.changes:
            lines.append(
                f"  {'would change' if c.simulated else 'changed'}: {c.title} - {c.what}\n    {c.url}"
            )
        if self.counts:
            lines.append("  " + ", ".join(f"{k}: {v}" for k, v in self.counts.items()))
        lines += [f"  note: {n}" for n in self.notes]
        lines += [f"  warning: {w}" for w in self.warnings]
        lines += ["  " + r.replace("\n", "\n    ") for r in self.replaced]
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return asdict(self)

    def write(self, path: str | Path, simulate: bool = False) -> str | None:
        """``--report FILE`` (atomic); under -simulate only the line saying it was not written."""
        data = json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"
        return write_atomic(path, lambda fh: fh.write(data), simulate=simulate, what="report")
