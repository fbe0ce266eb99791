"""`inngest-kit check | run | runs | trace`, run as a user runs them: the console
script in a subprocess, from a project directory, against the real server."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from checks.catalog import REPO
from inngest_kit import cli
from inngest_kit.api import unique

pytestmark = pytest.mark.integration

KIT = str(Path(sys.executable).parent / "inngest-kit")
JOURNEY_ENV = ["--env", "JOURNEY_PAUSE_S=1", "--env", "JOURNEY_REPLY_TIMEOUT_S=20"]


def kit(*args: str, cwd: Path = REPO, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") or k == "INNGEST_WORKFLOW_CACHE"}
    return subprocess.run([KIT, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_check_reports_a_function_the_server_refuses_with_its_message():
    proc = kit("check", "tests.kit.apps.refused:app")
    assert proc.returncode == cli.EXIT_FOUND, proc.stdout + proc.stderr
    # The sync answered 200; the reason is the server's own, from its app record.
    assert "sync answered 200" in proc.stdout
    assert "The debounce period of '8d' is greater than the max of: 168h0m0s" in proc.stdout
    # The whole app is dropped, its valid sibling too.
    assert "registered no function" in proc.stdout


def test_check_reports_a_config_the_server_silently_changes():
    proc = kit("check", "tests.kit.apps.lowered:app", "--json")
    assert proc.returncode == cli.EXIT_FOUND, proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    # Registered, with no error: only the comparison shows the server kept 20 of 30 retries.
    assert result["errors"] == [] and [f["slug"] for f in result["functions"]] == ["kit-lowered-sync-ledger"]
    assert result["changes"] == [{"function": "kit-lowered-sync-ledger", "path": "retries", "sent": 30,
                                  "registered": 20}]
    shown = kit("check", "tests.kit.apps.lowered:app")
    assert "CHANGED kit-lowered-sync-ledger: the app sent retries = 30, the server registered 20" in shown.stdout


def test_check_lists_what_registered_and_passes_a_good_app():
    proc = kit("check", "examples.api_tour.main:app")
    assert proc.returncode == cli.EXIT_OK, proc.stdout + proc.stderr
    assert "registered 2 function(s)" in proc.stdout
    assert re.search(r"- api-tour-tour-order\s+\(event tour/order.placed\)", proc.stdout), proc.stdout
    assert "ERROR" not in proc.stdout


def test_run_prints_the_tree_of_a_run_that_retries_sleeps_waits_and_sends():
    order = unique("o")
    proc = kit("run", "tests.kit.apps.journey:app", *JOURNEY_ENV, "--event", "journey/started",
               "--data", f'{{"order_id": "{order}"}}',
               "--then-send", "journey/confirmed", f'{{"order_id": "{order}"}}', "--when-waiting", "wait-for-confirmation")
    out = proc.stdout
    assert proc.returncode == cli.EXIT_OK, out + proc.stderr
    assert "kit-journey-order-journey  COMPLETED" in out
    names = re.findall(r"[├└]─ (\S+)", out)
    assert names == ["reserve-stock", "cool-off", "wait-for-confirmation", "announce"], out
    # The retried step: both attempts, the first one's error, the output.
    assert "reserve-stock  [run] COMPLETED" in out and "2 attempts" in out
    assert "Attempt 0 FAILED" in out and f"RuntimeError: warehouse busy for {order}" in out
    assert f'-> {{"order_id": "{order}", "reserved": true}}' in out
    # The sleep with its times, the wait with its expression and the event it matched.
    assert re.search(r"cool-off  \[sleep\] COMPLETED\s+\d+ ms|cool-off  \[sleep\] COMPLETED\s+1\.\d\d s", out), out
    assert re.search(r"slept \d\d:\d\d:\d\d\.\d{3} -> until \d\d:\d\d:\d\d\.\d{3}", out)
    assert f'waits for \'journey/confirmed\' if async.data.order_id == "{order}"' in out
    assert "matched event 01" in out
    # The event the run sent, and the final output.
    assert f'sent journey/finished {{"order_id": "{order}"}}' in out
    assert f'output: {{"confirmed": true, "order_id": "{order}", "reserved": true}}' in out


def test_run_explains_a_wait_that_matched_nothing():
    order = unique("o")
    proc = kit("run", "tests.kit.apps.journey:app", "--env", "JOURNEY_PAUSE_S=1", "--env", "JOURNEY_REPLY_TIMEOUT_S=2",
               "--event", "journey/started", "--data", f'{{"order_id": "{order}"}}',
               "--then-send", "journey/confirmed", f'{{"order": "{order}"}}', "--when-waiting", "wait-for-confirmation")
    assert proc.returncode == cli.EXIT_OK, proc.stdout + proc.stderr  # the run itself completes: unconfirmed
    assert "timed out: returned None" in proc.stdout
    assert "has no field data.order_id (async.data.order_id in the expression; data has: order)" in proc.stdout
    assert '"confirmed": false' in proc.stdout


def test_run_exits_non_zero_when_the_run_fails():
    proc = kit("run", "tests.kit.apps.journey:app", "--event", "journey/started", "--data", "{}")
    assert proc.returncode == cli.EXIT_FOUND, proc.stdout + proc.stderr
    assert "FAILED" in proc.stdout and "KeyError" in proc.stdout


def test_an_app_path_that_does_not_import_is_one_clear_line(tmp_path):
    proc = kit("check", "no_such_package.main:app")
    assert proc.returncode == cli.EXIT_APP
    assert proc.stderr.strip().splitlines() == [
        "inngest-kit check: cannot import no_such_package.main: ModuleNotFoundError: No module named 'no_such_package'"
    ]
    # An error inside the app's own module names its line.
    broken = tmp_path / "broken_app.py"
    broken.write_text("import inngest\n\nclient = inngest.Inngest(app_id='broken')\nraise RuntimeError('no config')\n")
    proc = kit("check", "broken_app:app", "--app-dir", str(tmp_path))
    assert proc.returncode == cli.EXIT_APP
    assert proc.stderr.strip().splitlines() == [
        f"inngest-kit check: cannot import broken_app: RuntimeError: no config ({broken}:4)"
    ]
    proc = kit("run", "tests.kit.apps.journey:missing", "--event", "x")
    assert proc.returncode == cli.EXIT_APP
    assert proc.stderr.strip().splitlines() == [
        "inngest-kit run: tests.kit.apps.journey has no attribute 'missing' (expected an ASGI app such as FastAPI())"
    ]


def test_a_busy_port_and_a_missing_server_are_one_clear_line():
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        busy = squatter.getsockname()[1]
        proc = kit("check", "tests.kit.apps.refused:app", "--port", str(busy))
        assert proc.returncode == cli.EXIT_SERVER
        assert proc.stderr.strip().splitlines() == [
            f"inngest-kit check: port {busy} is busy (another process listens there); pick another --port or omit it"
        ]
        # A port where no Inngest server answers.
        for args in (["runs"], ["trace", "01ABC"]):
            proc = kit(*args, "--url", f"http://127.0.0.1:{busy}", timeout=60)
            assert proc.returncode == cli.EXIT_SERVER
            assert len(proc.stderr.strip().splitlines()) == 1
            assert f"no Inngest server answers at http://127.0.0.1:{busy}" in proc.stderr


def test_runs_and_trace_read_a_running_server(inngest_app, inngest_runs, inngest_server):
    inngest_app("examples.lead_routing.main:app")
    lead = unique("lead")
    run = inngest_runs.complete("lead/created", {"lead_id": lead, "lead": {"name": "Ann", "email": "ann@x.example",
                                                                           "company_size": 5}})
    listing = kit("runs", "--url", inngest_server.url, "--limit", "5")
    assert listing.returncode == 0, listing.stderr
    assert re.search(rf"^{run.id}  COMPLETED .* lead-routing-route-lead  \(lead/created\)$", listing.stdout, re.M), \
        listing.stdout
    shown = kit("trace", run.id, "--url", inngest_server.url)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == run.tree().strip()
    assert re.findall(r"[├└]─ (\S+)", shown.stdout) == run.step_names
    absent = kit("trace", "01AAAAAAAAAAAAAAAAAAAAAAAA", "--url", inngest_server.url)
    assert absent.returncode == cli.EXIT_FOUND and "has no run" in absent.stderr


@pytest.mark.parametrize("command", ["check", "run", "runs", "trace"])
def test_every_command_has_help_with_its_exit_codes(command):
    proc = kit(command, "--help", timeout=30)
    assert proc.returncode == 0
    assert "exit codes:" in proc.stdout and "4  no Inngest server" in proc.stdout


def test_the_check_is_a_function_other_tools_reuse():
    """What `inngest-kit check` runs, callable (the linter's server mode builds on it).
    In a process of its own: it points this process's SDK at its throwaway server."""
    script = ("import json; from inngest_kit.check import check\n"
              "r = check('tests.kit.apps.refused:app')\n"
              "print(json.dumps({'ok': r.ok, 'app': r.registration.app_id, 'errors': r.errors}))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("INNGEST_") or k == "INNGEST_WORKFLOW_CACHE"}
    proc = subprocess.run([sys.executable, "-c", script], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["ok"] is False and result["app"] == "kit-refused"
    assert any("The debounce period of '8d' is greater than the max of: 168h0m0s" in e for e in result["errors"])
