"""Seed: fan in by waiting for "all-complete" after dispatching. Server: a completion sent before the wait is lost."""

import datetime
import time

import pytest

from inngest_kit.api import step_named, unique

pytestmark = pytest.mark.integration


TIMEOUT = datetime.timedelta(seconds=3)  # stands in for the seed's 1 h
LAG = datetime.timedelta(seconds=3)  # the orchestrator is busy this long between dispatch and wait


@pytest.fixture
def race(serve_example, monkeypatch):
    served = serve_example("mistakes.fanin_race")
    monkeypatch.setattr(served.module.settings, "completion_timeout", TIMEOUT)
    monkeypatch.setattr(served.module.settings, "orchestrator_lag", LAG)
    return served


@pytest.mark.wait_floor(5.5)  # 3 s orchestrator lag + 3 s wait timeout (asserted >= 2.5 s)
def test_workers_that_finish_before_the_wait_leave_it_to_time_out(race, inngest_api):
    module = race.module
    batch_id = unique("batch")
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

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    waited = time.monotonic() - waiting_since
    # The wait never saw the event: it ran into its timeout and returned None...
    assert waited >= TIMEOUT.total_seconds() - 0.5, waited
    wait = step_named(inngest_api, run.id, "wait-completion")
    assert wait.op == "WAIT_FOR_EVENT" and inngest_api.step_output(wait).data is None
    # ...and the seed's code reports success anyway, because it never checks for None.
    assert done.output == {"status": "completed", "batch_id": batch_id}
