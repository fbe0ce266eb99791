"""Grades expense_approval: decisions reach only their own expense, silence escalates."""

from evals.grading.framework import Grader
from evals.grading.kit import unique

TIMEOUT_S = 6
SUBMITTED, DECIDED = "expenses/submitted", "expenses/decided"


def grade(g: Grader) -> None:
    with g.check("function registered for expenses/submitted"):
        g.start_app({"DECISION_TIMEOUT_S": str(TIMEOUT_S)})
        triggers = [t["value"] for t in g.registered()["approve-expense"]["triggers"]]
        assert triggers == [SUBMITTED], f"triggers {triggers}"

    approved, rejected, silent = unique("exp-a"), unique("exp-r"), unique("exp-s")
    quoted = unique("exp-o'neil q")
    runs = {}
    for expense in (approved, rejected, silent, quoted):
        runs[expense] = g.api.run_for_event(g.api.send(SUBMITTED, {"expense_id": expense, "amount": 50.0})).id
    decisions = {approved: True, rejected: False, quoted: True}
    for expense, run_id in runs.items():
        g.paused_in(run_id)  # a decision sent earlier would be missed by the wait
        if expense in decisions:
            g.api.send(DECIDED, {"expense_id": expense, "approved": decisions[expense]})

    def outcome(expense: str) -> dict:
        return g.api.wait_for_run(runs[expense], timeout_s=TIMEOUT_S + 20).output

    with g.check("approved expense is paid exactly once"):
        assert outcome(approved) == {"expense_id": approved, "status": "paid"}, outcome(approved)
        assert len(g.ledger("pay", key=approved)) == 1, f"paid {len(g.ledger('pay', key=approved))} times"
    with g.check("rejected expense is not paid"):
        assert outcome(rejected) == {"expense_id": rejected, "status": "rejected"}, outcome(rejected)
        assert not g.ledger("pay", key=rejected), "paid"
    with g.check("ids with quotes are matched"):
        assert outcome(quoted) == {"expense_id": quoted, "status": "paid"}, outcome(quoted)
    with g.check("a decision on one expense does not decide another"):
        assert not g.ledger("pay", key=silent), "the silent expense was paid on another expense's decision"
        status = g.api.run(runs[silent]).status
        assert status == "RUNNING" or outcome(silent)["status"] == "escalated", f"silent expense: {outcome(silent)}"
    with g.check("no decision in DECISION_TIMEOUT_S escalates"):
        assert outcome(silent) == {"expense_id": silent, "status": "escalated"}, outcome(silent)
        escalated = g.ledger("escalate", key=silent)
        assert len(escalated) == 1, f"{len(escalated)} escalations"
        # The wait starts after the approval request: no escalation can come earlier than the timeout after it.
        waited = escalated[0]["t"] - g.ledger("request_approval", key=silent)[0]["t"]
        assert waited >= TIMEOUT_S - 0.2, f"escalated {waited:.1f} s after the request, before the {TIMEOUT_S} s timeout"
