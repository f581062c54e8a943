"""Validate a Toolforge ``jobs.yaml`` the way ``toolforge jobs load`` reads it.

From the jobs framework's source: a YAML list of jobs; each has ``name``
(lowercase letters, digits, ``-`` and ``.``; at most 52 characters),
``command``, ``image``, and exactly one of ``schedule`` (five cron fields or
``@hourly``/``@daily``/...), ``continuous: true`` (a real boolean: a string
silently makes a one-off job) or ``wait``; optional ``emails``
(none/all/onfinish/onfailure), ``retry`` 0-5 (not on continuous jobs),
``mem``, ``cpu``, ``filelog-stdout``/``filelog-stderr``, ``timeout``
(scheduled jobs only). Any other key makes the load fail.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

NAME_RE = re.compile(r"^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$")
CRON_FIELD = r"(\*|\d+(-\d+)?)(/\d+)?(,(\*|\d+(-\d+)?)(/\d+)?)*"
CRON_RE = re.compile(rf"^{CRON_FIELD}(\s+{CRON_FIELD}){{4}}$")
MACROS = {"@hourly", "@daily", "@weekly", "@monthly", "@yearly", "@annually", "@midnight"}
ALLOWED = {"name", "command", "image", "schedule", "continuous", "wait", "emails", "retry", "mem",
           "cpu", "filelog", "no-filelog", "filelog-stdout", "filelog-stderr", "timeout", "mount",
           "port", "replicas", "health-check-script", "filelog-stdout", "filelog-stderr"}


def validate_jobs(data: object) -> list[str]:
    """Problems found, one line each; empty when ``toolforge jobs load`` would accept it."""
    if not isinstance(data, list):
        return ["jobs.yaml: expected a YAML list of jobs"]
    problems: list[str] = []
    names: set[str] = set()
    for i, job in enumerate(data):
        at = f"jobs.yaml: job {i + 1}"
        if not isinstance(job, dict):
            problems.append(f"{at}: expected a mapping")
            continue
        name = job.get("name")
        if isinstance(name, str):
            at = f"jobs.yaml: {name}"
        for key in job:
            if key not in ALLOWED:
                problems.append(f"{at}: unknown key {key!r}")
        if not isinstance(name, str) or not NAME_RE.match(name) or len(name) > 52:
            problems.append(f"{at}: name must be lowercase letters, digits, '-' or '.', at most 52 characters")
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
            if not isinstance(sched, str) or not (sched in MACROS or CRON_RE.match(sched.strip())):
                problems.append(f"{at}: schedule must be five cron fields or @hourly/@daily/..., quoted")
        if "continuous" in job and job["continuous"] is not True:
            problems.append(f"{at}: continuous must be the boolean true (a string makes a one-off job)")
        if "emails" in job and job["emails"] not in ("none", "all", "onfinish", "onfailure"):
            problems.append(f"{at}: emails must be none, all, onfinish or onfailure")
        if "retry" in job:
            if not isinstance(job["retry"], int) or isinstance(job["retry"], bool) or not 0 <= job["retry"] <= 5:
                problems.append(f"{at}: retry must be an integer from 0 to 5")
            if job.get("continuous") is True:
                problems.append(f"{at}: retry is not allowed on continuous jobs")
        if "timeout" in job and "schedule" not in job:
            problems.append(f"{at}: timeout is allowed on scheduled jobs only")
        if "timeout" in job and (not isinstance(job["timeout"], int) or job["timeout"] <= 0):
            problems.append(f"{at}: timeout must be a positive number of seconds")
    return problems


def validate_file(path: str | Path) -> list[str]:
    return validate_jobs(yaml.safe_load(Path(path).read_text(encoding="utf-8")))
