"""examples/approval: human-in-the-loop with wait_for_event, decided through a FastAPI endpoint.

`test_no_decision_in_time_escalates` waits out a real 2 s timeout. The tests whose claim is
that an event does NOT resume the wait run at the 48 h default: the server's timer is
asserted, the run is shown still waiting after the event, then the timeout is skipped."""

import datetime
import time

import pytest

from inngest_kit.api import assert_step_names, unique
from inngest_kit.timeskip import Timer, assert_due

pytestmark = pytest.mark.integration

SHORT = datetime.timedelta(seconds=2)  # stands in for the 48 h default
ROOMY = datetime.timedelta(seconds=15)  # long enough that a decision always beats it
DEFAULT = datetime.timedelta(hours=48)  # the production timeout: nothing fires unless skipped


@pytest.fixture(scope="module")
def approval_app(serve_example):
    return serve_example("approval")


@pytest.fixture
def decision_timeout(approval_app, monkeypatch):
    """Set the example's decision timeout for one test (read by the function at run time)."""

    def set_timeout(value: datetime.timedelta) -> None:
        monkeypatch.setattr(approval_app.module.settings, "decision_timeout", value)

    set_timeout(ROOMY)
    return set_timeout


def submit(app, amount: float = 120.0) -> tuple[str, str]:
    resp = app.http.post("/expenses", json={"submitter": "sam@example.com", "amount": amount})
    assert resp.status_code == 202, resp.text
    return resp.json()["expense_id"], resp.json()["event_ids"][0]


def decide(app, expense_id: str, approved: bool, reason: str | None = None) -> None:
    resp = app.http.post(
        f"/expenses/{expense_id}/decision",
        json={"approved": approved, "approver": "team-lead@example.com", "reason": reason},
    )
    assert resp.status_code == 202, resp.text


def waiting_run(api, event_id: str):
    run = api.run_for_event(event_id)
    api.wait_for_step(run.id, "wait-for-decision", "WAITING")
    return run


def wait_timeout(time_skipper, run_id: str, earliest: float) -> Timer:
    """The run's wait-for-decision timeout, asserted due 48 h after the wait began."""
    timer = time_skipper.wait_for_timer(run_id, kind="pause", step="wait-for-decision")
    assert timer.label == "wait_for_event timeout", timer
    assert_due(timer, earliest, time.time(), DEFAULT)
    return timer


def skip_to_escalation(api, time_skipper, run_id: str, timer: Timer) -> dict:
    """The run still waits on the same timeout; skip it; the run's output."""
    assert api.run(run_id).status == "RUNNING"
    assert [t.item_id for t in time_skipper.skip(run_id, kind="pause")] == [timer.item_id]
    return api.wait_for_run(run_id, timeout_s=20).output


def test_approved_expense_is_paid(approval_app, inngest_api, decision_timeout):
    expense_id, event_id = submit(approval_app)
    run = waiting_run(inngest_api, event_id)
    decide(approval_app, expense_id, approved=True)

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {
        "expense_id": expense_id,
        "status": "approved",
        "payment_id": f"pay-{expense_id}",
        "amount": 120.0,
        "approved_by": "team-lead@example.com",
    }
    assert_step_names(inngest_api, run.id, ["notify-approver", "wait-for-decision", "schedule-payment"])
    assert approval_app.services.ledger[(expense_id, "schedule-payment")] == 1


def test_rejected_expense_notifies_the_submitter(approval_app, inngest_api, decision_timeout):
    expense_id, event_id = submit(approval_app)
    run = waiting_run(inngest_api, event_id)
    decide(approval_app, expense_id, approved=False, reason="no receipt")

    done = inngest_api.wait_for_run(run.id)
    assert done.output == {"expense_id": expense_id, "status": "rejected", "reason": "no receipt"}
    assert_step_names(inngest_api, run.id, ["notify-approver", "wait-for-decision", "notify-rejection"])
    rejected = [n for n in approval_app.services.notifications if n["expense_id"] == expense_id and n["kind"] == "rejected"]
    assert rejected == [{"to": "sam@example.com", "expense_id": expense_id, "kind": "rejected", "reason": "no receipt"}]


def test_wait_step_returns_the_decision_event(approval_app, inngest_api, decision_timeout):
    expense_id, event_id = submit(approval_app)
    run = waiting_run(inngest_api, event_id)
    decide(approval_app, expense_id, approved=True)
    inngest_api.wait_for_run(run.id)

    wait = next(s for s in inngest_api.steps(run.id) if s.name == "wait-for-decision")
    assert wait.op == "WAIT_FOR_EVENT" and wait.status == "COMPLETED"
    event = inngest_api.step_output(wait).data
    assert event["name"] == "expense/decided"
    assert event["data"]["expense_id"] == expense_id


@pytest.mark.wait_floor(2)  # 2 s decision timeout
def test_no_decision_in_time_escalates(approval_app, inngest_api, decision_timeout):
    decision_timeout(SHORT)
    expense_id, event_id = submit(approval_app, amount=9000)
    run = waiting_run(inngest_api, event_id)
    waiting_since = time.monotonic()

    done = inngest_api.wait_for_run(run.id, timeout_s=20)
    waited = time.monotonic() - waiting_since
    assert done.output == {
        "expense_id": expense_id,
        "status": "escalated",
        "escalated_to": "finance-director@example.com",
    }
    assert_step_names(inngest_api, run.id, ["notify-approver", "wait-for-decision", "escalate"])  # The timeout fires no earlier than asked (the wait was seen WAITING a little after it began).
    assert waited >= SHORT.total_seconds() - 0.5


@pytest.mark.security
def test_a_decision_for_another_expense_does_not_resume_the_run(approval_app, inngest_api, decision_timeout,
                                                                time_skipper):
    decision_timeout(DEFAULT)
    sent_at = time.time()
    expense_id, event_id = submit(approval_app)
    run = waiting_run(inngest_api, event_id)
    timeout = wait_timeout(time_skipper, run.id, sent_at)
    other_id, other_event = submit(approval_app)  # same submitter, another expense
    other_run = waiting_run(inngest_api, other_event)

    decide(approval_app, other_id, approved=True)
    # The decision reached the waits: it resumed its own expense's run...
    assert inngest_api.wait_for_run(other_run.id).output["status"] == "approved"
    # ...not this one, which still waits on its 48 h timeout, and escalates when that passes.
    assert time_skipper.pending(run.id, kinds=["pause"]) == [timeout]
    assert skip_to_escalation(inngest_api, time_skipper, run.id, timeout)["status"] == "escalated"
    assert approval_app.services.ledger[(expense_id, "schedule-payment")] == 0


def test_a_decision_sent_before_the_wait_starts_is_not_seen(approval_app, inngest_api, decision_timeout,
                                                            time_skipper):
    """wait_for_event only matches events that arrive after the wait step begins."""
    decision_timeout(DEFAULT)
    expense_id = unique("exp_decided_early")
    # The decision arrives first (e.g. from a fast approver or a retried webhook)...
    decide(approval_app, expense_id, approved=True)
    # ...then the expense is submitted with that same id.
    sent_at = time.time()
    event_id = inngest_api.send(
        "expense/submitted", {"expense_id": expense_id, "amount": 50.0, "submitter": "sam@example.com"}
    )
    run = waiting_run(inngest_api, event_id)
    timeout = wait_timeout(time_skipper, run.id, sent_at)
    assert skip_to_escalation(inngest_api, time_skipper, run.id, timeout)["status"] == "escalated"


@pytest.mark.security
def test_a_decision_event_without_the_approved_flag_does_not_pay(approval_app, inngest_api, decision_timeout):
    """Only `approved: true` pays. A decision event from another producer that lacks the
    flag (the API always sets it) is treated as a rejection, never as an approval."""
    expense_id, event_id = submit(approval_app)
    run = waiting_run(inngest_api, event_id)
    inngest_api.send("expense/decided", {"expense_id": expense_id, "approver": "script@example.com"})

    done = inngest_api.wait_for_run(run.id)
    assert done.output["status"] == "rejected"
    assert approval_app.services.ledger[(expense_id, "schedule-payment")] == 0


def test_the_documented_decision_timeout_is_the_default():
    """Production waits 48 h for a decision (the tests above shorten it per test)."""
    from examples.approval.config import Settings

    assert Settings().decision_timeout == datetime.timedelta(hours=48)
