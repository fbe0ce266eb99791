"""examples/approval under inngest.experimental.mocked: no server, no waiting.

What this layer proves: the function's branching on the wait's result
(approved / rejected / timed out), that each step's code runs (or is replaced
by a stub), and SDK-side validation. What it cannot prove: whether the
server would match the decision at all. The stub is returned whatever
`if_exp` says, and a decision sent before the wait would be "seen" too (the
real server proves both: tests/examples/test_approval.py).
"""

import datetime
import time

import inngest
import pytest
from inngest.experimental import mocked
from inngest.experimental.mocked.errors import UnstubbedStepError

from examples.approval import services
from examples.approval.config import settings
from examples.approval.functions import EXPENSE_DECIDED, EXPENSE_SUBMITTED, approve_expense
from inngest_kit.api import unique

CLIENT = mocked.Inngest(app_id="expense-approval-unit")


def submitted(expense_id: str, amount: float = 120.0) -> inngest.Event:
    return inngest.Event(
        name=EXPENSE_SUBMITTED, data={"expense_id": expense_id, "amount": amount, "submitter": "sam@example.com"}
    )


def decision(expense_id: str, approved: bool, reason: str | None = None) -> inngest.Event:
    return inngest.Event(
        name=EXPENSE_DECIDED,
        data={"expense_id": expense_id, "approved": approved, "approver": "lead@example.com", "reason": reason},
    )


# --8<-- [start:mocked_wait_for_event]
def test_approved_decision_schedules_the_payment():
    expense_id = unique("exp")
    result = mocked.trigger(
        approve_expense,
        submitted(expense_id),
        CLIENT,
        step_stubs={"wait-for-decision": decision(expense_id, approved=True)},  # what the wait returns
    )
    assert result.status is mocked.Status.COMPLETED
    assert result.output == {
        "expense_id": expense_id,
        "status": "approved",
        "payment_id": f"pay-{expense_id}",
        "amount": 120.0,
        "approved_by": "lead@example.com",
    }
    # Steps that are not stubbed really run, once each.
    assert services.ledger[(expense_id, "notify-approver")] == 1
    assert services.ledger[(expense_id, "schedule-payment")] == 1


def test_no_decision_in_time_escalates():
    expense_id = unique("exp")
    result = mocked.trigger(
        approve_expense, submitted(expense_id), CLIENT, step_stubs={"wait-for-decision": mocked.Timeout}
    )
    assert result.output["status"] == "escalated"
    assert services.ledger[(expense_id, "escalate")] == 1
# --8<-- [end:mocked_wait_for_event]


def test_rejected_decision_notifies_the_submitter():
    expense_id = unique("exp")
    result = mocked.trigger(
        approve_expense,
        submitted(expense_id),
        CLIENT,
        step_stubs={"wait-for-decision": decision(expense_id, approved=False, reason="no receipt")},
    )
    assert result.output == {"expense_id": expense_id, "status": "rejected", "reason": "no receipt"}
    assert services.ledger[(expense_id, "notify-rejection")] == 1
    assert services.ledger[(expense_id, "schedule-payment")] == 0


def test_a_stubbed_step_does_not_run():
    expense_id = unique("exp")
    result = mocked.trigger(
        approve_expense,
        submitted(expense_id),
        CLIENT,
        step_stubs={"notify-approver": {"notified": "stub"}, "wait-for-decision": mocked.Timeout},
    )
    assert result.status is mocked.Status.COMPLETED
    assert services.ledger[(expense_id, "notify-approver")] == 0


def test_a_wait_without_a_stub_is_an_error():
    with pytest.raises(UnstubbedStepError, match="wait-for-decision is not stubbed"):
        mocked.trigger(approve_expense, submitted(unique("exp")), CLIENT)


def test_cannot_prove_the_match_a_decision_for_another_expense_still_approves():
    """On the server this decision is ignored and the run escalates
    (test_approval.py::test_a_decision_for_another_expense_does_not_resume_the_run)."""
    expense_id = unique("exp")
    result = mocked.trigger(
        approve_expense,
        submitted(expense_id),
        CLIENT,
        step_stubs={"wait-for-decision": decision("exp_someone_else", approved=True)},
    )
    assert result.output["status"] == "approved"


def test_sdk_side_validation_still_runs(monkeypatch):
    """A 1.5 s timeout is rejected by the SDK itself (whole seconds only), so the
    mocked run fails as the real one would, at the wait."""
    monkeypatch.setattr(settings, "decision_timeout", datetime.timedelta(milliseconds=1500))
    started = time.monotonic()
    result = mocked.trigger(
        approve_expense,
        submitted(unique("exp")),
        CLIENT,
        step_stubs={"wait-for-decision": mocked.Timeout},
    )
    assert result.status is mocked.Status.FAILED
    assert str(result.error) == "duration must be a whole number of seconds"
    assert time.monotonic() - started < 1.0  # the failed step's retries are immediate here
