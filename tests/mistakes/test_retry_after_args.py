"""Seeds 001 "### Error Types" / 002 "### Controlling Retry Behavior in Steps": RetryAfterError("1h", "Rate limited ...").

Each retry is asserted as the server scheduled it (1 s normal back-off, or the hour
asked for), then skipped (inngest_kit.timeskip.skip_retries)."""

import datetime
import time

import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import TEST_RETRY_INTERVAL, skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def seed_app(serve_example):
    return serve_example("mistakes.retry_after_args")


@pytest.fixture(scope="module")
def right_app(serve_example):
    return serve_example("retry_after")


def test_seed_form_constructs_with_the_arguments_swapped(seed_app):
    err = seed_app.module.rate_limited_error()
    # No validation: "1h" became the message and the message became retry_after.
    assert err.message == "1h"
    assert err.retry_after == "Rate limited by payment gateway"
    assert not isinstance(err.retry_after, datetime.datetime)


def test_seed_form_raised_in_a_step_fails_the_run_with_http_500s(seed_app, inngest_api, time_skipper):
    payment_id = unique("pay")
    sent_at = time.time()
    run = inngest_api.run_for_event(inngest_api.send("mistakeretryafter/charge.requested", {"payment_id": payment_id}))
    # Each retry is scheduled with the normal backoff (flat 1 s in tests), nowhere near "1h".
    retries = skip_retries(time_skipper, run.id, 2, since=sent_at, after=TEST_RETRY_INTERVAL)
    assert [t.attempt for t in retries] == [1, 2]

    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    # The SDK cannot format the Retry-After header (AttributeError on a str), so
    # the endpoint answers a plain HTTP 500; the server treats that as a failed
    # attempt and fails the run after retries=2 -> 3 attempts.
    assert failed.output["name"] == "Server returned a fatal error"
    assert "HTTP 500" in failed.output["message"]
    calls = [c for c in seed_app.module.calls if c["payment_id"] == payment_id]
    assert [c["attempt"] for c in calls] == [0, 1, 2]
    assert time_skipper.pending(run.id) == []  # no fourth attempt
    gaps = [b["at"] - a["at"] for a, b in zip(calls, calls[1:], strict=False)]
    assert all(gap < 10 for gap in gaps), gaps
    # The step's result never reached the server: the trace has no "charge" span at all.
    assert "charge" not in [s.name for s in inngest_api.steps(run.id, include_system=True)]


def test_right_form_waits_as_asked(right_app, inngest_api, time_skipper):
    """RetryAfterError(message, timedelta(hours=1)): the retry is scheduled an hour after the
    failure (then skipped) and the run completes. examples/retry_after's own test waits a
    short RetryAfter in real time."""
    contact_id = unique("contact")
    right_app.services.rate_limit_next(contact_id, datetime.timedelta(hours=1))
    sent_at = time.time()
    run = inngest_api.run_for_event(
        inngest_api.send("crm/contact.updated", {"contact_id": contact_id, "email": "a@example.com"})
    )
    retries = skip_retries(time_skipper, run.id, 1, since=sent_at, after=datetime.timedelta(hours=1))
    assert [t.attempt for t in retries] == [1]

    inngest_api.wait_for_run(run.id)
    calls = [c for c in right_app.services.calls if c["contact_id"] == contact_id]
    assert [(c["attempt"], c["ok"]) for c in calls] == [(0, False), (1, True)]
