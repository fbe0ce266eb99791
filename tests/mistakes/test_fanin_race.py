"""Seed: fan in by waiting for "all-complete" after dispatching. Server: a completion sent before the wait is lost.

The wait keeps the seed's 1 h timeout: the test asserts the server scheduled it an hour
after the wait began, that the run still waits with the completion already sent, and
then skips the hour. The orchestrator's 3 s lag is work inside a step (not a timer) and
stays real."""

import datetime
import time

import pytest

from inngest_kit.api import step_named, unique
from inngest_kit.timeskip import assert_due

pytestmark = pytest.mark.integration


TIMEOUT = datetime.timedelta(hours=1)  # the seed's own: long enough that nothing times out by itself
LAG = datetime.timedelta(seconds=3)  # the orchestrator is busy this long between dispatch and wait


@pytest.fixture
def race(serve_example, monkeypatch):
    served = serve_example("mistakes.fanin_race")
    monkeypatch.setattr(served.module.settings, "completion_timeout", TIMEOUT)
    monkeypatch.setattr(served.module.settings, "orchestrator_lag", LAG)
    return served


@pytest.mark.wait_floor(3)  # 3 s orchestrator lag (work in a step); the 1 h wait timeout is skipped
def test_workers_that_finish_before_the_wait_leave_it_to_time_out(race, inngest_api, time_skipper):
    module = race.module
    batch_id = unique("batch")
    sent_at = time.time()
    event_id = inngest_api.send(
        "mistake-fanin/batch.start-large", {"batch_id": batch_id, "items": [f"i{n}" for n in range(5)]}
    )
    run = inngest_api.run_for_event(event_id)

    # All five workers report, and the all-complete event is sent...
    deadline = time.monotonic() + 20
    while module.ledger[(batch_id, "all-complete-sent")] == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert module.ledger[(batch_id, "all-complete-sent")] == 1
    # ...before the orchestrator's wait has started.
    assert "wait-completion" not in inngest_api.step_names(run.id)
    inngest_api.wait_for_step(run.id, "wait-completion", "WAITING")
    waiting_since = time.monotonic()
    assert module.completion_sent_at[batch_id] < waiting_since

    # The server will end the wait an hour after it began...
    timer = time_skipper.wait_for_timer(run.id, kind="pause", step="wait-completion")
    assert timer.label == "wait_for_event timeout"
    assert_due(timer, sent_at, time.time(), TIMEOUT)
    # ...and the run still waits, with the completion sent before the wait began.
    assert inngest_api.run(run.id).status == "RUNNING"
    assert [t.item_id for t in time_skipper.pending(run.id)] == [timer.item_id]
    assert [t.item_id for t in time_skipper.skip(run.id, kind="pause")] == [timer.item_id]

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    # It ran into its timeout and returned None...
    wait = step_named(inngest_api, run.id, "wait-completion")
    assert wait.op == "WAIT_FOR_EVENT" and inngest_api.step_output(wait).data is None
    # ...and the seed's code reports success anyway, because it never checks for None.
    assert done.output == {"status": "completed", "batch_id": batch_id}
