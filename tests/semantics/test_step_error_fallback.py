"""`except inngest.StepError` catches a step whose ordinary exceptions used up its
retries. NonRetriableError and RetryAfterError raised in a step are not turned
into a StepError (the SDK re-raises them to the function level, step_async.py
`run`), so that fallback never runs for them: the run fails."""

import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app(serve_example):
    return serve_example("tests.semantics.apps.step_errors")


def request(app, inngest_api, kind: str):
    quote_id = unique("quote")
    run = inngest_api.run_for_event(inngest_api.send(app.module.QUOTE_REQUESTED, {"quote_id": quote_id, "kind": kind}))
    return quote_id, run


def test_an_ordinary_error_becomes_step_error_after_the_retries_and_the_fallback_runs(app, inngest_api, time_skipper):
    sent_at = time.time()
    quote_id, run = request(app, inngest_api, "plain")
    # The one retry's 1 s back-off is asserted as scheduled, then skipped.
    assert [t.attempt for t in skip_retries(time_skipper, run.id, 1, since=sent_at)] == [1]
    done = inngest_api.wait_for_run(run.id, "COMPLETED", timeout_s=30)
    assert done.output == {"quote_id": quote_id, "price": 120, "source": "cache"}
    assert app.module.ledger[(quote_id, "fetch")] == 2  # retries=1: two attempts, then StepError
    assert app.module.ledger[(quote_id, "fallback")] == 1


def test_non_retriable_error_in_a_step_skips_the_step_error_fallback(app, inngest_api):
    quote_id, run = request(app, inngest_api, "non-retriable")
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    assert failed.output["name"] == "NonRetriableError"
    assert app.module.ledger[(quote_id, "fetch")] == 1  # not retried
    assert app.module.ledger[(quote_id, "fallback")] == 0  # and not caught as StepError


# No wait_floor: the error asks for 1 s, which is under 1 s away by the time the server
# reads it, so the server schedules the retry at the next whole second (pkg/headers
# parseRetry, MinRetryDuration): 0-1 s later, and a CI run measured 0.986 s for the test.
def test_retry_after_error_in_a_step_is_retried_then_fails_the_run_without_the_fallback(app, inngest_api):
    quote_id, run = request(app, inngest_api, "retry-after")
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    assert failed.output["name"] == "RetryAfterError"
    assert app.module.ledger[(quote_id, "fetch")] == 2  # retried (retries=1)...
    assert app.module.ledger[(quote_id, "fallback")] == 0  # ...but never handed to the handler as StepError
