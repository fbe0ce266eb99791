"""The kit's shell blocks in SKILL.md and references/debug.md, executed as
written: the "How to work" proof in a project with a copied example, and the
CLI lines of "Reading runs" against a real server with a real run id."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checks import shell_blocks
from checks.catalog import REPO
from inngest_kit.api import unique

pytestmark = pytest.mark.integration


def user_shell(**extra: str) -> dict[str, str]:
    """A user's shell where `pip install` put inngest-kit and python on PATH; nothing of this repository."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INNGEST_", "PYTEST_")) and k not in ("PYTHONPATH", "CI")}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env["PATH"]
    return {**env, **extra}


@pytest.mark.slow
def test_skill_how_to_work_proof_runs_as_written(tmp_path):
    copied = subprocess.run([sys.executable, str(REPO / "scripts" / "copy_example.py"), "approval", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stderr
    # As documented, in the user's shell (not shell_blocks.run, which passes this test's environment on).
    result = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", shell_blocks.block("skill-prove-with-kit").text],
                            cwd=tmp_path, env=user_shell(), capture_output=True, text=True, timeout=300)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert "approval.main:app: OK" in out
    assert re.search(r"- approval-approve-expense\s+\(event expense/submitted\)", out), out
    # The run's tree: the wait matched the decision sent once it waited, then the payment.
    assert re.findall(r"[├└]─ (\S+)", out) == ["notify-approver", "wait-for-decision", "schedule-payment"], out
    assert 'waits for \'expense/decided\' if async.data.expense_id == "exp_1"' in out
    assert "matched event" in out
    assert ('output: {"amount": 120, "approved_by": "lead@example.com", "expense_id": "exp_1", '
            '"payment_id": "pay-exp_1", "status": "approved"}') in out
    # The copied test, run by the same block.
    assert re.search(r"\d+ passed", out) and "failed" not in out


def test_reading_runs_cli_lines_work_as_written(inngest_app, inngest_runs, inngest_server):
    inngest_app("tests.kit.apps.journey:app", process=True,
                env={"JOURNEY_PAUSE_S": "1", "JOURNEY_REPLY_TIMEOUT_S": "60"})
    order = unique("o")
    run = inngest_runs.start("journey/started", {"order_id": order})
    run.wait_for_step("wait-for-confirmation")
    inngest_runs.send("journey/confirmed", {"order_id": order})
    run.wait()
    # The documented default server is 127.0.0.1:8288; INNGEST_DEV (a URL) points the CLI at the test's.
    result = shell_blocks.run(shell_blocks.block("kit-read-runs"), replace={"RUN_ID": run.id},
                              env={"INNGEST_DEV": inngest_server.url, "PATH": user_shell()["PATH"]}, timeout_s=60)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{run.id}  COMPLETED .* kit-journey-order-journey  \(journey/started\)$",
                     result.stdout, re.M), result.stdout
    assert f"run {run.id}  kit-journey-order-journey  COMPLETED" in result.stdout
    assert "reserve-stock  [run] COMPLETED" in result.stdout and "2 attempts" in result.stdout
    assert f'sent journey/finished {{"order_id": "{order}"}}' in result.stdout
