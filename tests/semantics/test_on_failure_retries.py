"""An on_failure handler gets no retries: the SDK registers it as its own function
with `retries: 0` (function.py, the on_failure config), so one that fails once is
never called again, however transient its error."""

import json
import time

import pytest

from inngest_kit.api import unique

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.failure_handler")


def test_the_failure_handler_is_registered_with_zero_retries(app, inngest_api):
    fn = next(f for f in inngest_api.functions() if f["slug"] == "semantics-failure-handler-job-failure")
    (step,) = json.loads(fn["config"])["steps"]
    assert step["retries"] == 0


@pytest.mark.wait_floor(3)  # proof that no retry follows (retry interval 1 s)
def test_a_failing_on_failure_handler_runs_once(app, inngest_api):
    job = unique("job")
    run = inngest_api.run_for_event(inngest_api.send(app.module.JOB_REQUESTED, {"job_id": job}), function="job")
    inngest_api.wait_for_run(run.id, "FAILED", timeout_s=20)
    deadline = time.monotonic() + 20
    while app.module.ledger[(job, "alert")] == 0 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(3)  # three retry intervals of the test server
    assert app.module.ledger[(job, "alert")] == 1  # the second call would have succeeded
