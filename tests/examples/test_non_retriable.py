"""examples/non_retriable: NonRetriableError fails the run after exactly one attempt.

The plain-exception contrast's retry back-offs are asserted as scheduled and skipped
(inngest_kit.timeskip.skip_retries)."""

import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import skip_retries

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def payouts_app(serve_example):
    return serve_example("non_retriable")


def request_payout(app, api, account: str, amount: float = 25.0):
    payout_id = unique("po")
    resp = app.http.post(f"/payouts/{payout_id}", json={"account": account, "amount": amount})
    assert resp.status_code == 202, resp.text
    return payout_id, api.run_for_event(resp.json()["event_ids"][0])


def calls(app, payout_id: str) -> dict[str, int]:
    return {action: n for (pid, action), n in app.services.ledger.items() if pid == payout_id}


def function_error_span(api, run_id: str):
    return next(s for s in api.steps(run_id, include_system=True) if s.name == "function error")


@pytest.mark.reliability
def test_non_retriable_error_in_a_step_fails_the_run_after_one_attempt(payouts_app, inngest_api):
    payout_id, run = request_payout(payouts_app, inngest_api, "acct-closed")

    failed = inngest_api.wait_for_run(run.id, "FAILED")
    # retries=3, yet the step ran once and nothing after it ran.
    assert calls(payouts_app, payout_id) == {"check-amount": 1, "verify-account": 1}
    assert failed.output["name"] == "NonRetriableError"
    assert failed.output["message"] == "account acct-closed is closed"
    assert failed.output["code"] == "non_retriable_error"
    # It is a function-level error, not a step error: the step is not in the
    # trace; the error sits on the "function error" span.
    assert "verify-account" not in inngest_api.step_names(run.id)
    error = inngest_api.step_output(function_error_span(inngest_api, run.id)).error
    assert (error["name"], error["message"]) == ("NonRetriableError", "account acct-closed is closed")


@pytest.mark.reliability
def test_non_retriable_error_in_the_handler_fails_the_run_after_one_attempt(payouts_app, inngest_api):
    payout_id, run = request_payout(payouts_app, inngest_api, "acct-ok", amount=-5)

    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert calls(payouts_app, payout_id) == {"check-amount": 1}  # the handler was called once
    assert failed.output["name"] == "NonRetriableError"
    assert failed.output["message"].startswith(f"payout {payout_id}: amount must be positive")
    assert_step_names(inngest_api, run.id, [])
@pytest.mark.reliability
def test_a_plain_exception_in_the_same_step_is_retried(payouts_app, inngest_api, time_skipper):
    """The contrast: a transient error in verify-account gets all 4 attempts (retries=3)."""
    sent_at = time.time()
    payout_id, run = request_payout(payouts_app, inngest_api, "acct-bank-down")

    assert [t.attempt for t in skip_retries(time_skipper, run.id, 3, since=sent_at)] == [1, 2, 3]
    failed = inngest_api.wait_for_run(run.id, "FAILED")
    assert time_skipper.pending(run.id) == []  # no fifth attempt
    assert calls(payouts_app, payout_id)["verify-account"] == 4
    assert failed.output["name"] == "BankUnavailable"
    verify = next(s for s in inngest_api.steps(run.id) if s.name == "verify-account")
    assert verify.status == "FAILED" and len(verify.children) == 4


def test_valid_payout_is_transferred(payouts_app, inngest_api):
    payout_id, run = request_payout(payouts_app, inngest_api, "acct-ok", amount=40)

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"payout_id": payout_id, "transfer_id": f"tr-{payout_id}", "amount": 40}
    assert calls(payouts_app, payout_id)["transfer"] == 1
    assert_step_names(inngest_api, run.id, ["verify-account", "transfer"])
