"""Seeds 001 "### Error Types" / 002 "### Controlling Retry Behavior in Steps": RetryAfterError("1h", "Rate limited ...")."""

import datetime

import pytest

from inngest_kit.api import unique

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


@pytest.mark.wait_floor(2)  # 2 retries x 1 s retry interval
def test_seed_form_raised_in_a_step_fails_the_run_with_http_500s(seed_app, inngest_api):
    payment_id = unique("pay")
    run = inngest_api.run_for_event(inngest_api.send("mistakeretryafter/charge.requested", {"payment_id": payment_id}))

    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    # The SDK cannot format the Retry-After header (AttributeError on a str), so
    # the endpoint answers a plain HTTP 500; the server treats that as a failed
    # attempt and fails the run after retries=2 -> 3 attempts.
    assert failed.output["name"] == "Server returned a fatal error"
    assert "HTTP 500" in failed.output["message"]
    calls = [c for c in seed_app.module.calls if c["payment_id"] == payment_id]
    assert [c["attempt"] for c in calls] == [0, 1, 2]
    # Retried with the normal backoff (flat 1 s in tests), nowhere near "1h".
    gaps = [b["at"] - a["at"] for a, b in zip(calls, calls[1:], strict=False)]
    assert all(gap < 10 for gap in gaps), gaps
    # The step's result never reached the server: the trace has no "charge" span at all.
    assert "charge" not in [s.name for s in inngest_api.steps(run.id, include_system=True)]


@pytest.mark.wait_floor(1.9)  # one 2 s RetryAfter (asserted >= 1.9 s)
def test_right_form_waits_as_asked(right_app, inngest_api):
    """RetryAfterError(message, timedelta(seconds=2)): the retry comes >= 2 s later and the run completes."""
    contact_id = unique("contact")
    right_app.services.rate_limit_next(contact_id, datetime.timedelta(seconds=2))
    run = inngest_api.run_for_event(
        inngest_api.send("crm/contact.updated", {"contact_id": contact_id, "email": "a@example.com"})
    )

    inngest_api.wait_for_run(run.id)
    calls = [c for c in right_app.services.calls if c["contact_id"] == contact_id]
    assert len(calls) == 2 and calls[1]["at"] - calls[0]["at"] >= 1.9
