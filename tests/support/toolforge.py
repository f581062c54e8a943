"""Validate a Toolforge ``jobs.yaml`` the way ``toolforge jobs load`` reads it.

From the jobs framework's source: a YAML list of jobs; each has ``name``
(lowercase letters, digits, ``-`` and ``.``; at most 52 characters),
``command``, ``image``, and exactly one of ``schedule`` (five cron fields or
``@hourly``/``@daily``/``@weekly``/``@monthly``/``@yearly``), ``continuous:
true`` (a real boolean: a string silently makes a one-off job) or ``wait``;
optional ``emails`` (none/all/onfinish/onfailure), ``retry`` 0-5 (not on
continuous jobs), ``mem``, ``cpu``, ``filelog-stdout``/``filelog-stderr``,
``timeout`` (scheduled jobs only). Any other key makes the load fail.

Cron fields, as the jobs API parses them (jobs-framework-api ``tjf/cron.py``,
in our words): each is ``*`` or a comma list of a value, a range ``a-b``
(``a`` not above ``b``) or ``*``/a value with a step ``/n``; a range with a
step is refused there. Minute 0-59, hour 0-23, day 1-31, month 1-12 (numbers
only), weekday 0-7 (7 is Sunday again) or ``sun``..``sat``; a step is a whole
number from 1 (the day and month fields: their minimum) up to the field's
maximum.

``mem`` and ``cpu`` are Kubernetes quantities as the API checks them
(``validate_kube_quant`` in ``tjf/utils.py``): a whole number and one of the
suffixes ``Ki Mi Gi Ti Pi Ei`` (powers of 1024), ``k M G T P E`` (powers of
1000), ``m u n`` or none -- so ``512Mi`` and ``1Gi``, never ``512MB``, ``1g``
or ``0.5Gi``. A memory under 1Mi (``512`` is 512 bytes) loads, but no job can
start in it, so it is refused too.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

NAME_RE = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
MACROS = ("@hourly", "@daily", "@weekly", "@monthly", "@yearly")
#: (name, lowest, highest) of the five cron fields, in order.
CRON_FIELDS = (("minute", 0, 59), ("hour", 0, 23), ("day", 1, 31), ("month", 1, 12), ("weekday", 0, 7))
WEEKDAYS = {d: str(i) for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
_NUMBER = re.compile(r"[0-9]+")  # ASCII digits: what int() of the jobs API reads here
QUANTITY_RE = re.compile(r"^(\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m|u|n|)$")
_FACTORS = {
    "Ki": 2**10,
    "Mi": 2**20,
    "Gi": 2**30,
    "Ti": 2**40,
    "Pi": 2**50,
    "Ei": 2**60,
    "k": 10**3,
    "M": 10**6,
    "G": 10**9,
    "T": 10**12,
    "P": 10**15,
    "E": 10**18,
    "": 1,
    "m": 1e-3,
    "u": 1e-6,
    "n": 1e-9,
}
ALLOWED = {
    "name",
    "command",
    "image",
    "schedule",
    "continuous",
    "wait",
    "emails",
    "retry",
    "mem",
    "cpu",
    "filelog",
    "no-filelog",
    "filelog-stdout",
    "filelog-stderr",
    "timeout",
    "mount",
    "port",
    "replicas",
    "health-check-script",
}


def cron_problem(schedule: str) -> str | None:
    """What is wrong with a cron schedule (see the module doc), or None when it is fine."""
    if schedule.startswith("@"):
        return None if schedule in MACROS else f"unknown macro; use one of {', '.join(MACROS)}"
    parts = schedule.lower().split()
    if len(parts) != 5:
        return f"expected five cron fields (minute hour day month weekday), found {len(parts)}"
    for text, (field, low, high) in zip(parts, CRON_FIELDS, strict=True):
        for entry in text.split(","):
            why = _cron_entry_problem(entry, field, low, high)
            if why:
                return f"{field} {entry!r}: {why}"
    return None


def _cron_entry_problem(entry: str, field: str, low: int, high: int) -> str | None:
    base, slash, step = entry.partition("/")
    if slash:
        if "-" in base:
            return "a range with a step is not accepted by Toolforge; list the values instead"
        if not _NUMBER.fullmatch(step) or not max(low, 1) <= int(step) <= high:
            return f"the step must be a whole number from {max(low, 1)} to {high}"
    if base == "*":
        return None
    ends = base.split("-") if "-" in base else [base]
    values = []
    for end in ends:
        end = WEEKDAYS.get(end, end) if field == "weekday" else end
        if not _NUMBER.fullmatch(end):
            return f"expected a number{' or sun..sat' if field == 'weekday' else ''} or *"
        values.append(int(end))
    if len(values) > 2:
        return "expected a range such as 1-5"
    if any(not low <= v <= high for v in values):
        return f"out of range {low}-{high}"
    if len(values) == 2 and values[0] > values[1]:
        return "the range starts after it ends"
    return None


def quantity_problem(value: object, memory: bool) -> str | None:
    """What is wrong with a ``mem``/``cpu`` value (see the module doc), or None."""
    found = QUANTITY_RE.match(value) if isinstance(value, str) else None
    if not found:
        example = "512Mi or 1Gi" if memory else "500m or 1"
        return f"{value!r} is not a size Toolforge knows; write it like {example}"
    if memory and int(found.group(1)) * _FACTORS[found.group(2)] < 2**20:
        return f"{value!r} is less than 1Mi, too little for any job; write it like 512Mi"
    return None


def validate_jobs(data: object, source: str = "jobs.yaml") -> list[str]:
    """Problems found, one line each naming ``source``, the job and the key; empty when
    ``toolforge jobs load`` would accept the file."""
    if not isinstance(data, list):
        return [f"{source}: expected a YAML list of jobs"]
    problems: list[str] = []
    names: set[str] = set()
    for i, job in enumerate(data):
        at = f"{source}: job {i + 1}"
        if not isinstance(job, dict):
            problems.append(f"{at}: expected a mapping")
            continue
        name = job.get("name")
        if isinstance(name, str):
            at = f"{source}: {name}"
        for key in job:
            if key not in ALLOWED:
                problems.append(f"{at}: unknown key {key!r}")
        if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > 52:
            problems.append(
                f"{at}: name must be lowercase letters, digits, '-' or '.', at most 52 characters"
            )
        elif name in names:
            problems.append(f"{at}: duplicate name")
        else:
            names.add(name)
        for key in ("command", "image"):
            if not isinstance(job.get(key), str) or not job[key].strip():
                problems.append(f"{at}: {key} is required")
        kinds = [k for k in ("schedule", "continuous", "wait") if k in job]
        if len(kinds) != 1:
            problems.append(f"{at}: needs exactly one of schedule, continuous, wait (has {kinds or 'none'})")
        if "schedule" in job:
            sched = job["schedule"]
            why = cron_problem(sched.strip()) if isinstance(sched, str) else "not a text; quote it"
            if why:
                problems.append(f"{at}: schedule {sched!r}: {why}")
        for key in ("mem", "cpu"):
            why = quantity_problem(job[key], key == "mem") if key in job else None
            if why:
                problems.append(f"{at}: {key}: {why}")
        if "continuous" in job and job["continuous"] is not True:
            problems.append(f"{at}: continuous must be the boolean true (a string makes a one-off job)")
        if "emails" in job and job["emails"] not in ("none", "all", "onfinish", "onfailure"):
            problems.append(f"{at}: emails must be none, all, onfinish or onfailure")
        if "retry" in job:
            if (
                not isinstance(job["retry"], int)
                or isinstance(job["retry"], bool)
                or not 0 <= job["retry"] <= 5
            ):
                problems.append(f"{at}: retry must be an integer from 0 to 5")
            if job.get("continuous") is True:
                problems.append(f"{at}: retry is not allowed on continuous jobs")
        if "timeout" in job and "schedule" not in job:
            problems.append(f"{at}: timeout is allowed on scheduled jobs only")
        if "timeout" in job and (not isinstance(job["timeout"], int) or job["timeout"] <= 0):
            problems.append(f"{at}: timeout must be a positive number of seconds")
    return problems


def validate_file(path: str | Path) -> list[str]:
    """:func:`validate_jobs` of the file; a file that cannot be read as YAML is one line too."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        why = " ".join(str(exc).split())
        return [f"{path}: cannot be read as YAML: {why}"]
    return validate_jobs(data, str(path))
