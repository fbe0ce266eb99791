"""The kit's shell blocks in SKILL.md and references/debug.md, executed: the
"How to work" proof as written in a project with a copied example, and every
line of "Reading runs" against a real server with real ids."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from checks.catalog import REPO
from inngest_kit.api import unique

pytestmark = pytest.mark.integration

VENV_BIN = str(Path(sys.executable).parent)
FENCE = re.compile(r"```bash\n(.*?)```", re.S)


def block(doc: str, containing: str) -> str:
    found = [b for b in FENCE.findall((REPO / doc).read_text()) if containing in b]
    assert len(found) == 1, f"{doc}: {len(found)} bash blocks contain {containing!r}"
    return found[0]


def shell_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("INNGEST_", "PYTEST_")) and k not in ("PYTHONPATH", "CI")}
    env["PATH"] = VENV_BIN + os.pathsep + env["PATH"]  # where `pip install` put inngest-kit and python
    env.update(extra)
    return env


def bash(script: str, cwd: Path | str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=cwd, env=shell_env(**env),
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
def test_skill_how_to_work_proof_runs_as_written(tmp_path):
    copied = subprocess.run([sys.executable, str(REPO / "scripts" / "copy_example.py"), "approval", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert copied.returncode == 0, copied.stderr
    script = block("SKILL.md", "inngest-kit check approval.main:app")
    result = bash(script, tmp_path)
    out = result.stdout
    assert result.returncode == 0, out[-3000:] + result.stderr[-3000:]
    assert "approval.main:app: OK" in out
    assert re.search(r"- approval-approve-expense\s+\(event expense/submitted\)", out), out
    # The run's tree: the wait matched the decision sent once it waited, then the payment.
    assert re.findall(r"[├└]─ (\S+)", out) == ["notify-approver", "wait-for-decision", "schedule-payment"], out
    assert 'waits for \'expense/decided\' if async.data.expense_id == "exp_1"' in out
    assert "matched event" in out
    assert 'output: {"amount": 120, "approved_by": "lead@example.com", "expense_id": "exp_1", "payment_id": "pay-exp_1", "status": "approved"}' in out
    # The copied test, run by the same block.
    assert re.search(r"\d+ passed", out) and "failed" not in out


@pytest.fixture(scope="module")
def finished_and_waiting(inngest_app, inngest_api):
    """A completed run of the journey app (with a step output) and one still waiting."""
    from inngest_kit.testing import Runs

    inngest_app("tests.kit.apps.journey:app", process=True,
                env={"JOURNEY_PAUSE_S": "1", "JOURNEY_REPLY_TIMEOUT_S": "60"})
    runs = Runs(inngest_api)
    order = unique("o")
    event_id = runs.send("journey/started", {"order_id": order})
    done = runs.of(event_id)
    done.wait_for_step("wait-for-confirmation")
    runs.send("journey/confirmed", {"order_id": order})
    done.wait()
    waiting = runs.start("journey/started", {"order_id": unique("o")})
    waiting.wait_for_step("wait-for-confirmation")
    output_id = next(s.output_id for s in done.steps() if s.name == "reserve-stock")
    return {"EVENT_ID": event_id, "RUN_ID": done.id, "OUTPUT_ID": output_id, "WAITING_RUN_ID": waiting.id}


def with_ids(line: str, ids: dict[str, str], url: str) -> str:
    line = line.replace("http://127.0.0.1:8288", url)
    for key in ("EVENT_ID", "RUN_ID", "OUTPUT_ID"):
        line = line.replace(f'"{key}"', f'"{ids[key]}"').replace(f" {key} ", f" {ids[key]} ")
    return line


def test_every_graphql_curl_in_reading_runs_works_as_written(finished_and_waiting, inngest_server, inngest_api):
    ids = finished_and_waiting
    script = block("references/debug.md", "v0/gql")
    lines = [ln for ln in script.splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines[0].startswith("GQL=")
    answers = {}
    for line in lines[1:]:
        if "cancelRun" in line:
            line = line.replace('"RUN_ID"', f'"{ids["WAITING_RUN_ID"]}"')
        result = bash(with_ids(lines[0], ids, inngest_server.url) + "\n" + with_ids(line, ids, inngest_server.url),
                      REPO, timeout=30)
        assert result.returncode == 0, result.stderr
        body = json.loads(result.stdout)
        assert not body.get("errors") and body.get("data"), (line, body)
        answers[re.search(r"\{(\w+)[(\{]", line.split('"query":"', 1)[1]).group(1)] = body["data"]
    assert answers["event"]["event"]["functionRuns"][0]["id"] == ids["RUN_ID"]
    assert answers["functionRun"]["functionRun"]["status"] == "COMPLETED"
    steps = [s["name"] for s in answers["run"]["run"]["trace"]["childrenSpans"]]
    assert steps[:4] == ["reserve-stock", "cool-off", "wait-for-confirmation", "announce"]
    assert json.loads(answers["runTraceSpanOutputByID"]["runTraceSpanOutputByID"]["data"])["reserved"] is True
    assert any(a["name"] == "kit-journey" and a["error"] is None for a in answers["apps"]["apps"])
    assert answers["cancelRun"]["cancelRun"]["id"] == ids["WAITING_RUN_ID"]
    inngest_api.wait_for_run(ids["WAITING_RUN_ID"], "CANCELLED")
    # What the prose says of the header: without it the server refuses the request.
    bare = bash(with_ids(lines[0], ids, inngest_server.url) + "\n" + with_ids(lines[1], ids, inngest_server.url)
                .replace(" -H 'Content-Type: application/json'", ""), REPO, timeout=30)
    assert "transport not supported" in bare.stdout


def test_reading_runs_cli_lines_work_as_written(finished_and_waiting, inngest_server):
    ids = finished_and_waiting
    script = block("references/debug.md", "inngest-kit trace RUN_ID")
    result = bash(with_ids(script, ids, inngest_server.url), REPO, timeout=60, INNGEST_DEV=inngest_server.url)
    assert result.returncode == 0, result.stderr
    assert re.search(rf"^{ids['RUN_ID']}  COMPLETED .* kit-journey-order-journey  \(journey/started\)$",
                     result.stdout, re.M), result.stdout
    assert f"run {ids['RUN_ID']}  kit-journey-order-journey  COMPLETED" in result.stdout
    assert "reserve-stock  [run] COMPLETED" in result.stdout and "2 attempts" in result.stdout
