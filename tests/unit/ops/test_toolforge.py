"""jobs.yaml is what `toolforge jobs load` accepts; the validator catches what it rejects."""
import pytest

from ldwg_bot.ops.toolforge import validate_file, validate_jobs
from tests.shared import ROOT


def test_shipped_jobs_yaml_is_valid():
    assert validate_file(ROOT / "jobs.yaml") == []


def test_shipped_jobs_use_the_run_script_and_exist():
    import yaml

    jobs = yaml.safe_load((ROOT / "jobs.yaml").read_text())
    for job in jobs:
        script = job["command"].split()[0].replace("./ldwg-bot/", "")
        assert (ROOT / script).is_file()


GOOD = {"name": "x", "command": "c", "image": "python3.11", "schedule": "*/15 * * * *"}


@pytest.mark.parametrize("change, problem", [
    ({"name": "Bad_Name"}, "name must be lowercase"),
    ({"name": "a" * 53}, "at most 52"),
    ({"schedule": "every hour"}, "five cron fields"),
    ({"schedule": "* * * *"}, "five cron fields"),
    ({"colour": "red"}, "unknown key 'colour'"),
    ({"emails": "sometimes"}, "emails must be"),
    ({"retry": 6}, "retry must be"),
    ({"image": ""}, "image is required"),
])
def test_rejects(change, problem):
    assert any(problem in p for p in validate_jobs([{**GOOD, **change}]))


def test_continuous_rules():
    job = {"name": "s", "command": "c", "image": "python3.11", "continuous": "true"}
    assert any("boolean true" in p for p in validate_jobs([job]))
    job["continuous"] = True
    assert validate_jobs([job]) == []
    assert any("not allowed on continuous" in p for p in validate_jobs([{**job, "retry": 1}]))
    assert any("scheduled jobs only" in p for p in validate_jobs([{**job, "timeout": 5}]))
    assert any("exactly one of" in p for p in validate_jobs([{**job, "schedule": "@daily"}]))


def test_accepts_macros_and_lists():
    assert validate_jobs([{**GOOD, "schedule": "@hourly"}, {**GOOD, "name": "y", "schedule": "0,30 1-5 * * 1"}]) == []
    assert validate_jobs({"name": "x"}) == ["jobs.yaml: expected a YAML list of jobs"]
