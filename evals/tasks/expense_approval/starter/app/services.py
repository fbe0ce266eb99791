"""Approval inbox, payments and escalation. Provided: do not change."""


async def request_approval(expense_id: str) -> dict:
    """Put the expense into the manager's approval inbox."""
    return {"expense_id": expense_id, "requested": True}


async def pay(expense_id: str) -> dict:
    """Pay the expense out. Not idempotent: every call pays."""
    return {"expense_id": expense_id, "paid": True}


async def escalate(expense_id: str) -> dict:
    """Page the finance team about an undecided expense."""
    return {"expense_id": expense_id, "escalated": True}
