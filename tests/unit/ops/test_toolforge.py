"""jobs.yaml is what `toolforge jobs load` accepts; the validator catches what it rejects."""

import pytest

from tests.shared import ROOT
from tests.support.toolforge import validate_file, validate_jobs


def test_shipped_jobs_yaml_is_valid():
    assert validate_file(ROOT / "jobs.yaml") == []


def test_shipped_jobs_use_the_run_script_and_exist():
    import yaml

    jobs = yaml.safe_load((ROOT / "jobs.yaml").read_text())
    for job in jobs:
        script = job["command"].split()[0].replace("./ldwg-bot/", "")
        assert (ROOT / script).is_file()


GOOD = {"name": "x", "command": "c", "image": "python3.11", "schedule": "*/15 * * * *"}


@pytest.mark.parametrize(
    "change, problem",
    [
        ({"name": "Bad_Name"}, "name must be lowercase"),
        ({"name": "a" * 53}, "at most 52"),
        ({"schedule": "every hour"}, "five cron fields"),
        ({"schedule": "* * * *"}, "five cron fields"),
        ({"colour": "red"}, "unknown key 'colour'"),
        ({"emails": "sometimes"}, "emails must be"),
        ({"retry": 6}, "retry must be"),
        ({"image": ""}, "image is required"),
    ],
)
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
    assert (
        validate_jobs([{**GOOD, "schedule": "@hourly"}, {**GOOD, "name": "y", "schedule": "0,30 1-5 * * 1"}])
        == []
    )
    assert validate_jobs({"name": "x"}) == ["jobs.yaml: expected a YAML list of jobs"]


@pytest.mark.parametrize(
    "schedule, problem",
    [
        ("60 * * * *", "minute '60': out of range 0-59"),
        ("* 24 * * *", "hour '24': out of range 0-23"),
        ("0 0 0 * *", "day '0': out of range 1-31"),
        ("0 0 32 * *", "day '32': out of range 1-31"),
        ("0 0 * 13 *", "month '13': out of range 1-12"),
        ("0 0 * * 8", "weekday '8': out of range 0-7"),
        ("0,61 * * * *", "minute '61': out of range 0-59"),
        ("5-70 * * * *", "minute '5-70': out of range 0-59"),
        ("30-10 * * * *", "minute '30-10': the range starts after it ends"),
        ("*/0 * * * *", "minute '*/0': the step must be a whole number from 1 to 59"),
        ("*/60 * * * *", "minute '*/60': the step must be"),
        ("0 0 */32 * *", "day '*/32': the step must be a whole number from 1 to 31"),
        ("0-30/5 * * * *", "a range with a step is not accepted"),
        ("x * * * *", "minute 'x': expected a number or *"),
        ("0 0 * jan *", "month 'jan': expected a number or *"),
        ("0 0 * * funday", "weekday 'funday': expected a number or sun..sat or *"),
        ("1-2-3 * * * *", "expected a range such as 1-5"),
        ("@midnight", "unknown macro; use one of @hourly, @daily, @weekly, @monthly, @yearly"),
        ("* * * * * *", "expected five cron fields (minute hour day month weekday), found 6"),
    ],
)
def test_cron_fields_out_of_range_are_one_line_naming_file_job_and_field(schedule, problem):
    (line,) = validate_jobs([{**GOOD, "schedule": schedule}], "tools/jobs.yaml")
    assert line.startswith(f"tools/jobs.yaml: x: schedule {schedule!r}: ") and problem in line


@pytest.mark.parametrize(
    "schedule",
    [
        "0 0 * * 7",
        "59 23 31 12 0",
        "*/5 0-23 1,15 */2 mon-fri",
        "0 0 * * SUN",
        "0,15,30,45 * * * *",
        "7 * * * *",
        "@yearly",
    ],
)
def test_cron_fields_in_range_are_accepted(schedule):
    assert validate_jobs([{**GOOD, "schedule": schedule}]) == []


@pytest.mark.parametrize(
    "mem, problem",
    [
        ("512MB", "'512MB' is not a size Toolforge knows; write it like 512Mi or 1Gi"),
        ("1g", "is not a size Toolforge knows"),
        ("0.5Gi", "is not a size Toolforge knows"),
        ("1 Gi", "is not a size Toolforge knows"),
        (512, "512 is not a size Toolforge knows"),
        ("512", "'512' is less than 1Mi, too little for any job"),
        ("1000Ki", "less than 1Mi"),
    ],
)
def test_unknown_memory_sizes_are_refused(mem, problem):
    (line,) = validate_jobs([{**GOOD, "mem": mem}])
    assert line.startswith("jobs.yaml: x: mem: ") and problem in line


@pytest.mark.parametrize("mem", ["512Mi", "1Gi", "2G", "1024Ki", "300M", "1048576"])
def test_memory_sizes_toolforge_takes_are_accepted(mem):
    assert validate_jobs([{**GOOD, "mem": mem, "cpu": "500m"}]) == []


def test_cpu_is_a_quantity_too_and_a_broken_file_is_one_line(tmp_path):
    assert validate_jobs([{**GOOD, "cpu": "0.5"}]) == [
        "jobs.yaml: x: cpu: '0.5' is not a size Toolforge knows; write it like 500m or 1"
    ]
    bad = tmp_path / "jobs.yaml"
    bad.write_text("- name: [unclosed\n", encoding="utf-8")
    (line,) = validate_file(bad)
    assert line.startswith(f"{bad}: cannot be read as YAML: ") and "\n" not in line
    bad.write_bytes(b"- name: caf\xe9\n")
    assert validate_file(bad)[0].startswith(f"{bad}: cannot be read as YAML: ")
