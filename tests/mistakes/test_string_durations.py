"""The seeds write durations as strings ("1d", "7d", "24h"). In the Python SDK
that is a TypeError inside the handler, retried until the run fails. Each retry's
1 s back-off is asserted as scheduled, then skipped (inngest_kit.timeskip.skip_retries); the
right drip's 1 s sleep is waited in real time."""

import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration

MODULE = "mistakes.string_durations"


@pytest.fixture(scope="module")
def served(serve_example):
    return serve_example(MODULE)


def failed_attempts(api, run_id: str) -> list[str]:
    """Statuses of the attempts of the run's failed execution span."""
    span = next(s for s in api.steps(run_id, include_system=True) if s.op is None and s.status == "FAILED")
    return [c.status for c in span.children]


def test_string_sleep_raises_type_error_on_every_attempt(served, inngest_api, time_skipper):
    user_id = unique("user")
    sent_at = time.time()
    run = inngest_api.run_for_event(inngest_api.send("mistake-durations/drip.started", {"user_id": user_id}))
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 4, since=sent_at)] == [1, 2, 3, 4]
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=60)

    assert failed.output["name"] == "TypeError"
    assert failed.output["message"] == "unsupported operand type(s) for +: 'datetime.datetime' and 'str'"
    # Default retries (4): five attempts, all failing the same way. The step
    # before the sleep ran once (stored); the step after it never ran.
    assert failed_attempts(inngest_api, run.id) == ["FAILED"] * 5
    assert time_skipper.pending(run.id) == []  # no sixth attempt
    assert_step_names(inngest_api, run.id, ["welcome-email"])
    assert served.module.ledger[(user_id, "welcome")] == 1
    assert served.module.ledger[(user_id, "tips")] == 0


def test_string_wait_timeout_raises_type_error_before_waiting(served, inngest_api, time_skipper):
    user_id = unique("user")
    sent_at = time.time()
    run = inngest_api.run_for_event(inngest_api.send("mistake-durations/reply.awaited", {"user_id": user_id}))
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 4, since=sent_at)] == [1, 2, 3, 4]
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=60)

    assert failed.output["name"] == "TypeError"
    assert failed.output["message"] == "'<' not supported between instances of 'str' and 'int'"
    assert failed_attempts(inngest_api, run.id) == ["FAILED"] * 5
    assert time_skipper.pending(run.id) == []  # no sixth attempt
    assert_step_names(inngest_api, run.id, [])  # the wait never started


@pytest.mark.wait_floor(1)  # 1 s sleep
def test_the_same_drip_with_a_timedelta_sleeps_and_finishes(served, inngest_api):
    user_id = unique("user")
    event_id = inngest_api.send("mistake-durations/drip-right.started", {"user_id": user_id, "delay_s": 1})
    run = inngest_api.complete(event_id)

    assert [(s.name, s.op) for s in inngest_api.steps(run.id)] == [
        ("welcome-email", "RUN"), ("wait-1-day", "SLEEP"), ("tips-email", "RUN"),
    ]
    assert served.module.ledger[(user_id, "tips")] == 1
