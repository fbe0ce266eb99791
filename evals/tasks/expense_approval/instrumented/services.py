"""Grader's copy of app/services.py: records every call."""

from evals_ledger import record


async def request_approval(expense_id: str) -> dict:
    record("request_approval", key=expense_id)
    return {"expense_id": expense_id, "requested": True}


async def pay(expense_id: str) -> dict:
    record("pay", key=expense_id)
    return {"expense_id": expense_id, "paid": True}


async def escalate(expense_id: str) -> dict:
    record("escalate", key=expense_id)
    return {"expense_id": expense_id, "escalated": True}
