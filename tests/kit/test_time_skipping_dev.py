"""Time-skipping on `inngest dev` as a user's tests use it: the kit's `time_skipper` on the
session's dev server, whose queue is an in-process Redis that listens on a loopback port, found
among the server's sockets (inngest_kit.timeskip.dev_server_queue_url); the example served
in-process by the kit, at its production defaults (inngest_kit.testing.reset_to_defaults). Every timer kind is proven on the dev server in
tests/timeskip/test_production_durations.py (the `[dev]` cases).
No `wait_floor`: nothing here waits on purpose."""

from __future__ import annotations

import datetime
import socket
import subprocess
import sys
import time

import pytest

from inngest_kit.api import assert_step_names
from inngest_kit.testing import reset_to_defaults
from inngest_kit.timeskip import QueueLayoutError, assert_due, dev_server_queue_url

pytestmark = pytest.mark.integration

FAST_S = 5.0  # the bar issue 17 sets for a 48 h wait or a 7-day sleep


def test_the_time_skipper_finds_the_dev_servers_in_process_queue(inngest_server, time_skipper):
    assert time_skipper.redis_url == dev_server_queue_url(inngest_server.port)  # found by the port alone
    assert time_skipper.redis_url != f"redis://127.0.0.1:{inngest_server.port}"
    time_skipper.check_layout()


# --8<-- [start:dev_skip_48h_wait]
def test_approval_at_its_48_hour_default_escalates_in_seconds_on_the_dev_server(
        inngest_app, inngest_api, time_skipper, monkeypatch):
    app = inngest_app("examples.approval.main:app")
    reset_to_defaults(app.module.settings, monkeypatch)  # decision_timeout: 48 h, as in production
    sent_at = time.time()
    expense = app.http.post("/expenses", json={"submitter": "sam@example.com", "amount": 9000}).json()
    run = inngest_api.run_for_event(expense["event_ids"][0])

    timer = time_skipper.wait_for_timer(run.id, kind="pause")
    assert (timer.label, timer.step) == ("wait_for_event timeout", "wait-for-decision")
    assert_due(timer, sent_at, time.time(), datetime.timedelta(hours=48))

    began = time.monotonic()
    assert [t.item_id for t in time_skipper.skip(run.id)] == [timer.item_id]
    done = inngest_api.wait_for_run(run.id)
    took = time.monotonic() - began
    assert done.output == {"expense_id": expense["expense_id"], "status": "escalated",
                           "escalated_to": "finance-director@example.com"}
    assert_step_names(inngest_api, run.id, ["notify-approver", "wait-for-decision", "escalate"])
    assert took < FAST_S, f"the 48 h timeout took {took:.2f} s to escalate after the skip"
# --8<-- [end:dev_skip_48h_wait]


def test_a_process_without_an_inngest_queue_is_refused_with_what_was_found(tmp_path):
    """Pointed at a port whose process is not `inngest dev` (here: a plain HTTP server), the
    lookup says what it probed instead of returning some other listener."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                            cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
            assert time.monotonic() < deadline, "http.server did not start"
            time.sleep(0.05)
        with pytest.raises(QueueLayoutError, match=r"expected exactly one in-process Redis .* queue on none"):
            dev_server_queue_url(port)
    finally:
        proc.terminate()
        proc.wait()
    with pytest.raises(QueueLayoutError, match="no process on this machine listens on port"):
        dev_server_queue_url(port)
