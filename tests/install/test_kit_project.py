"""The kit in a user's project: a fresh virtualenv outside this repository with
only the kit and the app's own requirements installed, a copied example and its
copied test. Green as copied; with a wrong field in the example's match
expression, the test fails naming the step and the reason."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from checks.catalog import REPO
from inngest_kit import server as server_tools
from scripts import copy_example

# A fresh virtualenv and pip install take a minute or more on a loaded 2-core machine.
pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.timeout(900)]


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A project folder with its own virtualenv: pip install <pack>/kit plus the pins copy_example prints."""
    root = tmp_path_factory.mktemp("user-project")
    assert not root.is_relative_to(REPO)
    subprocess.run([sys.executable, "-m", "venv", str(root / "venv")], check=True, timeout=120)
    pins = [f"{k}=={v}" for k, v in copy_example.PROVEN_WITH.items()]
    # From a copy of kit/: building a wheel writes build/ beside the sources, never into this checkout.
    kit = shutil.copytree(REPO / "kit", root / "kit-source",
                          ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    pip = subprocess.run([str(root / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet",
                          str(kit), *pins], capture_output=True, text=True, timeout=600)
    assert pip.returncode == 0, pip.stdout + pip.stderr
    copied = subprocess.run([sys.executable, str(REPO / "scripts" / "copy_example.py"), "approval", str(root),
                             "--package", "expenses", "--app-id", "acme-expenses"],
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    assert "its test -> " in copied.stdout and f"pip install {' '.join(pins)} {REPO / 'kit'}" in copied.stdout
    return root


def user_env() -> dict[str, str]:
    """The user's shell: no PYTHONPATH to this repository, no INNGEST_* settings."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INNGEST_", "PYTEST_", "VIRTUAL_ENV")) and k not in ("PYTHONPATH", "CI")}
    env["INNGEST_WORKFLOW_CACHE"] = str(server_tools.cache_root())  # the server binary built once on this machine
    return env


def pytest_in(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(project / "venv" / "bin" / "python"), "-m", "pytest", "-p", "no:cacheprovider",
                           *args], cwd=project, env=user_env(), capture_output=True, text=True, timeout=600)


def failures(result: subprocess.CompletedProcess) -> str:
    """The inner run's failures, assertion first: its report ends with the server's log tail,
    which would push the assertion out of a plain tail of stdout."""
    out = result.stdout
    start = out.find("= FAILURES =")
    head = out[max(0, start - 80):start + 5000] if start >= 0 else ""
    return head + "\n[...]\n" + out[-1500:] + result.stderr[-1500:]


def test_the_venv_has_the_kit_and_not_the_pack(project):
    probe = subprocess.run(
        [str(project / "venv" / "bin" / "python"), "-c",
         "import importlib.util as u, inngest_kit; print(inngest_kit.__file__);"
         "print([m for m in ('checks', 'examples', 'scripts') if u.find_spec(m)])"],
        cwd=project, env=user_env(), capture_output=True, text=True, timeout=60)
    assert probe.returncode == 0, probe.stderr
    where, pack_modules = probe.stdout.splitlines()
    assert "site-packages" in where and str(REPO) not in where
    assert pack_modules == "[]"


def test_the_copied_example_and_its_test_pass(project):
    test = (project / "tests" / "test_expenses.py").read_text()
    assert "checks" not in test and "serve_example" not in test and "inngest_app(\"expenses.main:app\")" in test
    result = pytest_in(project, "tests/test_expenses.py", "-q")
    assert result.returncode == 0, failures(result)
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_a_wrong_field_in_the_match_fails_naming_the_step_and_the_reason(project):
    functions = project / "expenses" / "functions.py"
    right = functions.read_text()
    assert right.count("async.data.expense_id == event.data.expense_id") == 1
    functions.write_text(right.replace("async.data.expense_id ==", "async.data.expenseId =="))
    try:
        result = pytest_in(project, "tests/test_expenses.py", "-q", "-k", "test_approved_expense_is_paid")
    finally:
        functions.write_text(right)
    out = result.stdout
    assert result.returncode == 1, out[-4000:]
    assert "1 failed" in out
    # The report's run tree names the step, that it timed out, and why the decision did not match.
    assert "inngest runs of this test" in out
    assert "wait-for-decision  [wait] COMPLETED" in out
    assert "timed out: returned None" in out
    assert "has no field data.expenseId (async.data.expenseId in the expression; data has: approved, approver, " \
           "expense_id, reason)" in out, out[-4000:]
