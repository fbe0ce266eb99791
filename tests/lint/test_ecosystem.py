"""inngest-lint where users run it: the console scripts, `inngest-kit lint`, JSON output,
flake8, and the pre-commit hooks used from another repository."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
BAD = REPO / "tests" / "lint" / "proofs" / "bad" / "inn005_sleep_string.py"
GOOD = REPO / "tests" / "lint" / "proofs" / "good" / "json_results.py"


def run(*cmd: str, cwd: pathlib.Path = REPO, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout, env=env)


def test_console_scripts_and_the_kit_subcommand_agree():
    direct = run(str(BIN / "inngest-lint"), "--json", str(BAD))
    via_kit = run(str(BIN / "inngest-kit"), "lint", "--json", str(BAD))
    assert direct.returncode == via_kit.returncode == 1, direct.stderr + via_kit.stderr
    findings = json.loads(direct.stdout)
    assert findings == json.loads(via_kit.stdout)
    assert [(f["rule"], f["line"]) for f in findings] == [("INN005", 12)]
    assert set(findings[0]) == {"path", "line", "col", "rule", "message", "hint"}
    clean = run(str(BIN / "inngest-lint"), "--json", str(GOOD))
    assert clean.returncode == 0 and json.loads(clean.stdout) == []


def test_flake8_plugin_reports_the_static_rules():
    proc = run(sys.executable, "-m", "flake8", "--select", "INN", str(BAD))
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) == 1 and ":12:" in lines[0] and " INN005 " in lines[0], proc.stdout


def _user_repo(tmp_path: pathlib.Path) -> pathlib.Path:
    repo = tmp_path / "user-project"
    (repo / "app").mkdir(parents=True)
    shutil.copy(BAD, repo / "app" / "workflows.py")
    shutil.copy(GOOD, repo / "app" / "reports.py")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    for cmd in (["git", "init", "-q"], ["git", "add", "app"], ["git", "commit", "-qm", "init"]):
        subprocess.run(cmd, cwd=repo, check=True, env=env)
    return repo


@pytest.mark.timeout(900)  # the first run builds the hook's environment (pip install of the kit)
def test_pre_commit_hook_from_another_repository(tmp_path):
    """`pre-commit try-repo` installs this repository's hook the way a user's
    `.pre-commit-config.yaml` would (its own environment, `pip install . ./kit`) and runs it
    on the user's files: the mistake in one file is reported, the correct file is not."""
    repo = _user_repo(tmp_path)
    home = pathlib.Path(os.environ.get("XDG_CACHE_HOME", pathlib.Path.home() / ".cache")) / "inngest-workflow" / "pre-commit"
    env = {**os.environ, "PRE_COMMIT_HOME": str(home)}
    env.pop("VIRTUAL_ENV", None)
    cmd = [str(BIN / "pre-commit"), "try-repo", str(REPO), "inngest-lint-static", "--all-files"]
    proc = run(*cmd, cwd=repo, env=env, timeout=900)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    reported = [line for line in proc.stdout.splitlines() if " INN" in line]
    assert len(reported) == 1 and reported[0].startswith("app/workflows.py:12:") and " INN005 " in reported[0], \
        proc.stdout
