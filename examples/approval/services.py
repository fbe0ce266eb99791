"""Stand-ins for the approval inbox, the payment run and the manager's pager."""

from collections import Counter

ledger: Counter = Counter()  # (expense_id, action) -> count
notifications: list[dict] = []


async def notify_approver(expense_id: str, approver: str, amount: float) -> dict:
    ledger[(expense_id, "notify-approver")] += 1
    notifications.append({"to": approver, "expense_id": expense_id, "kind": "approval-request"})
    return {"notified": approver}


def approver_for(amount: float) -> str:
    return "cfo@example.com" if amount >= 5000 else "team-lead@example.com"


async def schedule_payment(expense_id: str, amount: float, approver: str) -> dict:
    ledger[(expense_id, "schedule-payment")] += 1
    return {"payment_id": f"pay-{expense_id}", "amount": amount, "approved_by": approver}


async def notify_rejection(expense_id: str, submitter: str, reason: str | None) -> dict:
    ledger[(expense_id, "notify-rejection")] += 1
    notifications.append({"to": submitter, "expense_id": expense_id, "kind": "rejected", "reason": reason})
    return {"notified": submitter}


async def escalate(expense_id: str, approver: str) -> dict:
    ledger[(expense_id, "escalate")] += 1
    manager = "finance-director@example.com"
    notifications.append({"to": manager, "expense_id": expense_id, "kind": "escalation", "was": approver})
    return {"escalated_to": manager}
