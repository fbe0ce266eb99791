"""`inngest-kit run --skip-time` on the throwaway dev server, `--stack --skip-time` and `--url URL
--redis-uri URI --skip-time`, run as a user runs them (the console script in a subprocess, the documented commands from
references/improve.md): the examples at their PRODUCTION durations reach their end in
seconds, and the command prints each skipped timer with the due time the server scheduled."""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from checks import shell_blocks
from inngest_kit import cli
from inngest_kit.api import unique
from inngest_kit.server import DevServer
from inngest_kit.stack import Stack
from tests.timeskip.conftest import REPO

pytestmark = [pytest.mark.integration, pytest.mark.timeskip]

BIN = Path(sys.executable).parent
DAY = datetime.timedelta(days=1)
# The bar for a 48 h wait or a 7-day sleep once skipped; the stack's own start is apart.
FAST_S = 5.0
SKIPPED = re.compile(r"^(?P<step>[\w-]+): (?P<label>.+?) due (?P<due>\S+) \(in (?P<ahead>[^)]+)\) — skipped$", re.M)


def user_env(**extra: str) -> dict[str, str]:
    """The user's shell: the kit on PATH, no INNGEST_* settings from this test process."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") or k == "INNGEST_WORKFLOW_CACHE"}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, **extra}


def run_block(block_id: str, replace: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, float, float]:
    """The documented block, in a clean environment; (process, epoch before, epoch after)."""
    block = shell_blocks.block(block_id)
    before = time.time()
    proc = subprocess.run(["bash", "-e", "-o", "pipefail", "-c", _replaced(block, replace)], cwd=REPO,
                          env=user_env(), capture_output=True, text=True, timeout=180)
    after = time.time()
    print(f"{block_id}: {after - before:.2f} s wall\n{proc.stdout}\n{proc.stderr}")
    return proc, before, after


def _replaced(block: shell_blocks.ShellBlock, replace: dict[str, str] | None) -> str:
    text = block.text
    for old, new in (replace or {}).items():
        assert old in text, f"{block.where}: {old!r} is not in the block"
        text = text.replace(old, new)
    return text


def kit(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "inngest-kit"), *args], cwd=REPO, env=user_env(**(env or {})),
                          capture_output=True, text=True, timeout=timeout)


def skipped(out: str) -> list[dict]:
    return [{**m.groupdict(), "due": datetime.datetime.fromisoformat(m["due"].replace("Z", "+00:00"))}
            for m in SKIPPED.finditer(out)]


def run_took_s(out: str) -> float:
    """The run's own duration from its tree header: first step to the end, skips included."""
    m = re.search(r"took ([\d.]+) (ms|s)\)", out)
    assert m, out
    return float(m[1]) / (1000 if m[2] == "ms" else 1)


def epoch(ts: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ts, datetime.UTC)


def escalates_the_48_hour_wait(block_id: str) -> subprocess.CompletedProcess:
    """Run the documented approval block: the 48 h wait is skipped as scheduled and the run
    escalates in seconds; the printed due time is the server's, in its queue and its trace."""
    proc, before, after = run_block(block_id)
    out = proc.stdout
    assert proc.returncode == cli.EXIT_OK, out + proc.stderr
    [timer] = skipped(out)
    assert (timer["step"], timer["label"], timer["ahead"]) == ("wait-for-decision", "wait_for_event timeout", "48h")
    # The approval example's real default, scheduled by the server: 48 h after it handled the wait.
    assert epoch(before) + 48 * datetime.timedelta(hours=1) <= timer["due"] <= epoch(after) + 48 * datetime.timedelta(hours=1)
    assert re.findall(r"[├└]─ (\S+)", out) == ["notify-approver", "wait-for-decision", "escalate"], out
    assert 'output: {"escalated_to": "finance-director@example.com", "expense_id": "exp-1", "status": "escalated"}' in out
    # The tree shows the due time from the server's trace, with its date (two days on); the trace
    # and the queue agree within a few ms (test_production_durations.assert_same_instant).
    [traced] = re.findall(r"from \d\d:\d\d:\d\d\.\d{3}, timeout (\d{4}-\d\d-\d\d \S+)$", out, re.M)
    traced_at = datetime.datetime.fromisoformat(traced).replace(tzinfo=datetime.UTC)
    assert abs(traced_at - timer["due"]) <= datetime.timedelta(milliseconds=50), (traced_at, timer["due"])
    assert run_took_s(out) < FAST_S
    return proc


def test_run_stack_skip_time_escalates_the_48_hour_wait_in_seconds():
    proc = escalates_the_48_hour_wait("run-skip-time-approval")
    assert "ERROR" not in proc.stderr + proc.stdout  # the app in cloud mode logged nothing unsigned


@pytest.fixture(scope="module")
def user_stack() -> Iterator[Stack]:
    """A user's running `inngest start --redis-uri`. Not the session's `inngest_stack`: the
    command syncs the examples' app ids to its own app, which would re-point the apps other
    tests serve there."""
    stack = Stack().start()
    yield stack
    stack.stop()


@pytest.fixture(scope="module")
def own_server(user_stack) -> dict[str, str]:
    """What the --url block's placeholders stand for."""
    return {"signkey-prod-<your signing key>": user_stack.sdk_signing_key,
            "<your event key>": user_stack.event_key,
            "http://127.0.0.1:8288": user_stack.url, "redis://127.0.0.1:6379": user_stack.redis_url}


def on_user_stack(stack: Stack, *args: str) -> subprocess.CompletedProcess:
    keys = {"INNGEST_SIGNING_KEY": stack.sdk_signing_key, "INNGEST_EVENT_KEY": stack.event_key}
    return kit("run", *args, "--url", stack.url, "--redis-uri", stack.redis_url, "--skip-time", env=keys)


def test_run_url_redis_uri_skip_time_sleeps_3_then_7_days_in_seconds(own_server):
    proc, before, after = run_block("run-skip-time-own-server", replace=own_server)
    out = proc.stdout
    assert proc.returncode == cli.EXIT_OK, out + proc.stderr
    first, second = skipped(out)
    assert (first["step"], first["ahead"]) == ("wait-before-first-follow-up", "3d")
    assert (second["step"], second["ahead"]) == ("wait-before-second-follow-up", "7d")
    assert first["label"] == second["label"] == "step.sleep / sleep_until"
    assert epoch(before) + 3 * DAY <= first["due"] <= epoch(after) + 3 * DAY
    # The 7 days count from when the first sleep was skipped, not from the start.
    assert first["due"] - 3 * DAY <= second["due"] - 7 * DAY <= epoch(after)
    assert '"emails_sent": 2' in out and re.search(r"COMPLETED", out)
    assert run_took_s(out) < FAST_S


def test_an_event_sent_with_then_send_answers_the_wait_instead_of_its_skipped_timeout(user_stack):
    """--skip-time holds the timer of the step a --then-send answers: the event decides, not the timeout."""
    expense = unique("exp")
    proc = on_user_stack(user_stack, "examples.approval.main:app", "--event", "expense/submitted",
                         "--data", json.dumps({"expense_id": expense, "submitter": "sam@example.com", "amount": 120}),
                         "--then-send", "expense/decided", json.dumps({"expense_id": expense, "approved": True,
                                                                       "approver": "lead@example.com"}),
                         "--when-waiting", "wait-for-decision")
    out = proc.stdout
    assert proc.returncode == cli.EXIT_OK, out + proc.stderr
    assert skipped(out) == []
    [output] = re.findall(r"^  output: (.*)$", out, re.M)
    assert json.loads(output) == {"amount": 120, "approved_by": "lead@example.com", "expense_id": expense,
                                  "payment_id": f"pay-{expense}", "status": "approved"}


def test_a_debounced_function_starts_without_waiting_its_5_minute_period(user_stack):
    """The run exists only once the debounce period ends: the command fires that timer first."""
    doc = unique("doc")
    before = time.time()
    proc = on_user_stack(user_stack, "examples.debounce.main:app", "--event", "search/document.edited",
                         "--data", json.dumps({"document_id": doc, "revision": 3}))
    after = time.time()
    out = proc.stdout
    assert proc.returncode == cli.EXIT_OK, out + proc.stderr
    [timer] = skipped(out)
    assert (timer["step"], timer["label"], timer["ahead"]) == ("search-indexer-reindex-document", "debounce period",
                                                               "5m 1s")
    # One period after the event, plus the server's 1 s and 50 ms (see test_production_durations).
    period = datetime.timedelta(minutes=5, seconds=1, milliseconds=50)
    assert epoch(before) + period <= timer["due"] <= epoch(after) + period
    assert f'output: {{"document_id": "{doc}", "indexed_revision": 3}}' in out, out
    assert after - before < 30  # not 5 minutes


def test_run_skip_time_on_the_throwaway_dev_server_escalates_the_48_hour_wait():
    """No stack: the throwaway `inngest dev` keeps its queue in an in-process Redis that the
    command finds among the server's sockets (timeskip.dev_server_queue_url)."""
    escalates_the_48_hour_wait("run-skip-time-dev")


@pytest.fixture
def users_dev_server(inngest_binary) -> Iterator[DevServer]:
    """A user's running `inngest dev` (not this worker's: the command syncs the example's app id
    to the server it runs on, which would re-point the app the worker's other tests serve)."""
    server = DevServer(inngest_binary).start()
    yield server
    server.stop()


def test_run_skip_time_against_a_running_dev_server_finds_its_queue(users_dev_server):
    """--url at a running `inngest dev`: its queue is found by the server's port; a --redis-uri
    given (here one where nothing listens) is not used for a dev server."""
    expense = unique("exp")
    proc = kit("run", "examples.approval.main:app", "--url", users_dev_server.url, "--redis-uri",
               "redis://127.0.0.1:1", "--skip-time", "--event", "expense/submitted",
               "--data", json.dumps({"expense_id": expense, "submitter": "sam@example.com", "amount": 9000}))
    assert proc.returncode == cli.EXIT_OK, proc.stdout + proc.stderr
    [timer] = skipped(proc.stdout)
    assert (timer["step"], timer["ahead"]) == ("wait-for-decision", "48h")
    [output] = re.findall(r"^  output: (.*)$", proc.stdout, re.M)
    assert json.loads(output)["status"] == "escalated"


def test_a_self_hosted_url_without_the_apps_keys_is_one_clear_line(user_stack):
    proc = kit("run", "examples.approval.main:app", "--url", user_stack.url, "--event", "expense/submitted")
    assert proc.returncode == cli.EXIT_USAGE, proc.stdout + proc.stderr
    [line] = proc.stderr.splitlines()
    assert "--env INNGEST_SIGNING_KEY=... and --env INNGEST_EVENT_KEY=..." in line, line


@pytest.mark.parametrize(("variable", "missing"), [("INNGEST_KIT_REDIS_SERVER", "redis-server not found"),
                                                   ("INNGEST_KIT_PG_BINDIR", "PostgreSQL server binaries")])
def test_a_missing_redis_or_postgresql_is_one_line_pointing_at_the_install(tmp_path, variable, missing):
    proc = kit("run", "examples.approval.main:app", "--stack", "--skip-time", "--event", "expense/submitted",
               env={variable: str(tmp_path / "absent")})
    assert proc.returncode == cli.EXIT_SERVER, proc.stdout + proc.stderr
    [line] = proc.stderr.splitlines()
    assert missing in line and "apt-get install redis-server postgresql" in line, line
