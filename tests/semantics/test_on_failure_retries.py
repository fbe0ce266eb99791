"""An on_failure handler gets no retries: the SDK registers it as its own function
with `retries: 0` (function.py, the on_failure config), so one that fails once is
never called again, however transient its error.

No waiting: the handler's own run is FAILED after its one call, with no retry scheduled
(a retry would be a pending back-off item in the queue, read by the time skipper)."""

import json
import time

import pytest

from inngest_kit.api import now_rfc3339, unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.failure_handler")


def test_the_failure_handler_is_registered_with_zero_retries(app, inngest_api):
    fn = next(f for f in inngest_api.functions() if f["slug"] == "semantics-failure-handler-job-failure")
    (step,) = json.loads(fn["config"])["steps"]
    assert step["retries"] == 0


def handler_run(api, since: str, job: str):
    """The on_failure handler's run for `job` (its trigger is the inngest/function.failed event)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for run in api.runs_of_function(HANDLER, since=since):
            if api.trigger(run.id)["payloads"][0]["data"]["event"]["data"]["job_id"] == job:
                return run
        time.sleep(0.1)
    raise AssertionError(f"no {HANDLER} run for {job}")


HANDLER = "semantics-failure-handler-job-failure"


def test_a_failing_on_failure_handler_runs_once(app, inngest_api, time_skipper):
    job = unique("job")
    since = now_rfc3339()
    run = inngest_api.run_for_event(inngest_api.send(app.module.JOB_REQUESTED, {"job_id": job}), function="job")
    inngest_api.wait_for_run(run.id, "FAILED", timeout_s=20)
    handler = handler_run(inngest_api, since, job)
    # The handler failed for good on its first call: its run is FAILED and no retry is
    # scheduled (with retries, the run would still be RUNNING with a back-off item pending).
    failed = inngest_api.wait_for_run(handler.id, "FAILED", timeout_s=20)
    assert failed.output["name"] == "ConnectionError"
    assert time_skipper.pending(handler.id) == []
    assert app.module.ledger[(job, "alert")] == 1  # the second call would have succeeded
