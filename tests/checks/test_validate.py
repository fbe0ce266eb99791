"""The main job (`make validate` = python -m checks.validate): its exit status is
the truth about the patterns, parametrized tests count, failures come first with
a rerun command, and only a full run writes the report the site shows.

Each run works on a copy of the repository, so a planted failure never touches
the real one."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks import catalog
from checks.report import PatternReport

pytestmark = pytest.mark.integration

# Its patterns cite two parametrized tests (test_x[case]); its tests need no waiting.
EXAMPLE = "production_client"


def copy_of_repo(dest: Path) -> Path:
    files = subprocess.run(["git", "ls-files"], cwd=catalog.REPO, capture_output=True, text=True, check=True)
    for rel in files.stdout.splitlines():
        src = catalog.REPO / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def validate(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks.validate", "--workers", "1", *args], cwd=repo,
                          capture_output=True, text=True, timeout=600, env={"COLUMNS": "200", "PATH": "/usr/bin:/bin"})


@pytest.mark.timeout(900)  # a whole pytest session of one example in a subprocess, on a busy machine
def test_a_green_partial_run_exits_0_and_leaves_the_full_report_alone(tmp_path):
    repo = copy_of_repo(tmp_path)
    proc = validate(repo, "--examples", EXAMPLE)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not (repo / "reports" / "validation.json").exists(), "a partial run replaced the site's report"
    data = json.loads((repo / "reports" / "partial-run.json").read_text())
    assert {r["result"] for r in data["patterns"]} == {"passed"}
    assert data["full_run"] is False and data["ok"] is True
    cases = [t for t in data["tests"] if "[" in t]
    assert len(cases) >= 5, "the parametrized cases were not recorded"


@pytest.mark.timeout(900)
def test_a_failing_parametrized_case_fails_its_pattern_and_the_job(tmp_path):
    repo = copy_of_repo(tmp_path)
    test_file = repo / "tests" / "examples" / f"test_{EXAMPLE}.py"
    text = test_file.read_text()
    assert '"INNGEST_SIGNING_KEY is not set"' in text
    test_file.write_text(text.replace('"INNGEST_SIGNING_KEY is not set"', '"a message the check never prints"', 1))

    proc = validate(repo, "--examples", EXAMPLE)
    assert proc.returncode == 1, proc.stdout[-3000:]
    out = proc.stdout
    failed_id = f"tests/examples/test_{EXAMPLE}.py::test_cloud_mode_without_its_settings_refuses_to_start[INNGEST_SIGNING_KEY"
    assert failed_id in out
    assert out.index("FAILED") < out.index("Patterns validated"), "failures must come before the table"
    assert "rerun: .venv/bin/python -m pytest 'tests/examples/test_production_client.py::" in out
    assert "a message the check never prints" in out  # the assertion's own lines
    assert f"pattern {EXAMPLE}/startup-config-check: failed" in out
    data = json.loads((repo / "reports" / "partial-run.json").read_text())
    results = {r["pattern"]: r["result"] for r in data["patterns"]}
    assert results["startup-config-check"] == "failed" and results["signed-requests"] == "passed"


def _report(results: dict[str, str], tmp_path: Path) -> PatternReport:
    report = PatternReport(tmp_path / "validation.json")
    report.results = {n: {"outcome": o, "duration": 0.1} for n, o in results.items()}
    return report


def test_parametrized_cases_count_toward_their_pattern(tmp_path):
    ex = catalog.load(EXAMPLE)
    every = {}
    for e in catalog.all_examples():
        for p in e.patterns:
            for t in p.tests:
                every[e.test_nodeid(t)] = "passed"
    base = ex.test_nodeid("test_cloud_mode_without_its_settings_refuses_to_start")
    del every[base]
    every[base + "[a]"] = "passed"
    every[base + "[b]"] = "passed"
    report = _report(every, tmp_path)
    assert {r["result"] for r in report.rows()} == {"passed"}
    every[base + "[b]"] = "failed"
    rows = _report(every, tmp_path).rows()
    assert [r["pattern"] for r in rows if r["result"] == "failed"] == ["startup-config-check"]


def test_only_a_full_run_writes_the_site_report(tmp_path):
    ex = catalog.load(EXAMPLE)
    one = {ex.test_nodeid(t): "passed" for p in ex.patterns for t in p.tests}
    report = _report(one, tmp_path)

    class Session:
        config = object()
        exitstatus = 0

    report.pytest_sessionfinish(Session())
    assert not (tmp_path / "validation.json").exists()
    assert (tmp_path / "partial-run.json").exists()
