"""examples/retry_after: RetryAfterError(message, retry_after) delays the retry as asked.

The first test waits the asked 3 s in real time (the short-duration proof); the others
assert the due time the server scheduled for each retry, then skip it
(inngest_kit.timeskip.skip_retries)."""

import datetime
import time

import inngest
import pytest

from inngest_kit.api import unique
from inngest_kit.timeskip import TEST_RETRY_INTERVAL, skip_retries

pytestmark = pytest.mark.integration

ASKED = datetime.timedelta(seconds=3)  # longer than the test server's flat 1 s retry interval
HOUR = datetime.timedelta(hours=1)  # far longer than any test: only the schedule can show it


@pytest.fixture(scope="module")
def crm_app(serve_example):
    return serve_example("retry_after")


def update(app, api, contact_id: str):
    resp = app.http.put(f"/contacts/{contact_id}", json={"email": f"{contact_id}@example.com"})
    assert resp.status_code == 202, resp.text
    return api.run_for_event(resp.json()["event_ids"][0])


def calls(app, contact_id: str) -> list[dict]:
    return [c for c in app.services.calls if c["contact_id"] == contact_id]


def gaps(calls_: list[dict]) -> list[float]:
    return [b["at"] - a["at"] for a, b in zip(calls_, calls_[1:], strict=False)]


@pytest.mark.wait_floor(5.8)  # 2 retries x 3 s RetryAfter (the test allows 0.1 s early each)
@pytest.mark.reliability
def test_rate_limited_call_is_retried_no_sooner_than_asked(crm_app, inngest_api):
    contact_id = unique("contact")
    crm_app.services.rate_limit_next(contact_id, ASKED, ASKED)
    run = update(crm_app, inngest_api, contact_id)

    done = inngest_api.wait_for_run(run.id, timeout_s=30)
    assert done.output == {
        "contact_id": contact_id,
        "crm_id": f"crm-{contact_id}",
        "email": f"{contact_id}@example.com",
    }
    seen = calls(crm_app, contact_id)
    assert [(c["attempt"], c["ok"]) for c in seen] == [(0, False), (1, False), (2, True)]
    # Measured at the fake CRM: each retry came at least the 3 s asked after the
    # 429 (the SDK computes the retry time when the error is built, just after
    # the call; 0.1 s of slack for that), not after the 1 s test interval.
    for gap in gaps(seen):
        assert gap >= ASKED.total_seconds() - 0.1, gaps(seen)
    push = next(s for s in inngest_api.steps(run.id) if s.name == "push-contact")
    assert [c.status for c in push.children] == ["FAILED", "FAILED", "COMPLETED"]


@pytest.mark.reliability
def test_without_retry_after_the_retry_uses_the_normal_backoff(crm_app, inngest_api, time_skipper):
    """The contrast: a 503 with no hint is retried after the server's backoff (flat 1 s in tests)."""
    contact_id = unique("contact")
    crm_app.services.rate_limit_next(contact_id, None)
    sent_at = time.time()
    run = update(crm_app, inngest_api, contact_id)

    # Due 1 s (the test server's --retry-interval) after the 503, not the 3 s of the other test.
    (retry,) = skip_retries(time_skipper, run.id, 1, since=sent_at, after=TEST_RETRY_INTERVAL)
    failed_call = calls(crm_app, contact_id)[0]
    assert retry.due.timestamp() - failed_call["at"] < ASKED.total_seconds() - 0.5, retry.due
    inngest_api.wait_for_run(run.id)
    assert [(c["attempt"], c["ok"]) for c in calls(crm_app, contact_id)] == [(0, False), (1, True)]


@pytest.mark.reliability
def test_retry_after_retries_use_up_the_retry_budget(crm_app, inngest_api, time_skipper):
    """retries=3: four 429s in a row exhaust the step's 4 attempts and the run fails.
    Each retry is scheduled the hour the CRM asked for, not the 1 s test interval."""
    contact_id = unique("contact")
    crm_app.services.rate_limit_next(contact_id, HOUR, HOUR, HOUR, HOUR)
    sent_at = time.time()
    run = update(crm_app, inngest_api, contact_id)

    retries = skip_retries(time_skipper, run.id, 3, since=sent_at, after=HOUR)
    assert [t.attempt for t in retries] == [1, 2, 3]
    failed = inngest_api.wait_for_run(run.id, "FAILED", timeout_s=30)
    assert time_skipper.pending(run.id) == []  # the fourth 429 was the last attempt: no retry
    assert [c["attempt"] for c in calls(crm_app, contact_id)] == [0, 1, 2, 3]
    assert failed.output["name"] == "RetryAfterError"
    assert failed.output["message"] == f"CRM rate limit for {contact_id}"


def test_retry_after_takes_milliseconds_a_timedelta_or_a_datetime():
    """Constructor: message first. An int is MILLISECONDS; every form becomes an absolute time."""
    before = datetime.datetime.now()
    as_ms = inngest.RetryAfterError("rate limited", 3000)
    as_delta = inngest.RetryAfterError("rate limited", datetime.timedelta(seconds=3))
    at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=3)
    as_datetime = inngest.RetryAfterError("rate limited", at)
    after = datetime.datetime.now()

    for err in (as_ms, as_delta):
        assert err.message == "rate limited"
        assert before + datetime.timedelta(seconds=3) <= err.retry_after <= after + datetime.timedelta(seconds=3)
    assert as_datetime.retry_after == at
