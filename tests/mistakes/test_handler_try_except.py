"""Seed 003 F2 anti-pattern **5. The "Try/Catch Wrapper"**: what a try/except around the whole handler does.

Retry back-offs are asserted as scheduled and skipped (inngest_kit.timeskip.skip_retries); "on_failure
does not run" is read from the server's lifecycle events of the finalized run
(InngestAPI.failed_events_once_finished) instead of a quiet window."""

import time

import pytest

from inngest_kit.api import assert_step_names, now_rfc3339, unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def wrapper_app(serve_example):
    return serve_example("mistakes.handler_try_except")


def start(api, event: str, batch_id: str):
    return api.run_for_event(api.send(event, {"batch_id": batch_id}))


def calls(app, batch_id: str) -> dict[str, int]:
    return {action: n for (bid, action), n in app.module.ledger.items() if bid == batch_id}


def test_wrapper_does_not_stop_step_retries_but_swallows_the_final_failure(wrapper_app, inngest_api, time_skipper):
    batch_id = unique("batch")
    wrapper_app.module.broken_feeds.add(batch_id)
    since, sent_at = now_rfc3339(), time.time()
    run = start(inngest_api, "mistaketrycatch/import.wrapped", batch_id)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]

    done = inngest_api.wait_for_run(run.id, "COMPLETED")  # reported as a success...
    assert done.output == {"status": "failed", "error": "order feed unreachable"}
    # Step retries still happened (the SDK's step interrupt is a BaseException,
    # which `except Exception` does not catch): 3 attempts with retries=2.
    assert calls(wrapper_app, batch_id) == {"fetch-orders": 3}
    fetch = next(s for s in inngest_api.steps(run.id) if s.name == "fetch-orders")
    assert fetch.status == "FAILED" and len(fetch.children) == 3
    # Finalized without an inngest/function.failed event: on_failure can never run for it.
    assert inngest_api.failed_events_once_finished(run.id, since) == []
    assert calls(wrapper_app, batch_id).get("alert-ops", 0) == 0


def test_wrapper_swallows_errors_outside_steps_so_they_are_not_retried(wrapper_app, inngest_api):
    batch_id = unique("batch")
    wrapper_app.module.flaky_rates[batch_id] = 1  # fails once, would work on a retry
    run = start(inngest_api, "mistaketrycatch/import.wrapped", batch_id)

    done = inngest_api.wait_for_run(run.id, "COMPLETED")
    assert done.output == {"status": "failed", "error": "rates service timed out"}
    assert calls(wrapper_app, batch_id) == {"fetch-orders": 1, "fx-rate": 1}  # one try, no retry


def test_bare_except_swallows_the_step_interrupt_too(wrapper_app, inngest_api):
    batch_id = unique("batch")  # nothing fails here
    run = start(inngest_api, "mistaketrycatch/import.bare", batch_id)

    done = inngest_api.wait_for_run(run.id, "COMPLETED")
    # The first step ran, then the bare except caught the SDK's interrupt and
    # the handler returned: the step result was never reported, the rest never ran.
    assert done.output == {"status": "failed"}
    assert calls(wrapper_app, batch_id) == {"fetch-orders": 1}
    assert_step_names(inngest_api, run.id, [])
def test_right_form_retries_handler_errors_and_fails_with_on_failure(wrapper_app, inngest_api, time_skipper):
    flaky = unique("batch")
    wrapper_app.module.flaky_rates[flaky] = 1
    sent_at = time.time()
    run = start(inngest_api, "mistaketrycatch/import.plain", flaky)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 1, since=sent_at)] == [1]
    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"status": "imported", "total": 2300}
    # fx-rate (outside any step): failed, retried OK, and called once more on the
    # replay after save-total, as code outside steps runs on every replay.
    assert calls(wrapper_app, flaky) == {"fetch-orders": 1, "fx-rate": 3, "save-total": 1}

    broken = unique("batch")
    wrapper_app.module.broken_feeds.add(broken)
    sent_at = time.time()
    run = start(inngest_api, "mistaketrycatch/import.plain", broken)
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 2, since=sent_at)] == [1, 2]
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert failed.output["name"] == "ConnectionError"
    deadline = time.monotonic() + 20
    while calls(wrapper_app, broken).get("alert-ops", 0) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert calls(wrapper_app, broken)["alert-ops"] == 1
