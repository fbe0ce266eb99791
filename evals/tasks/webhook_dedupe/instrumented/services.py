"""Grader's copy of app/services.py: records every ledger insert."""

from evals_ledger import record


async def record_payment(payment_id: str, customer_id: str, amount: float) -> dict:
    record("record_payment", key=payment_id, customer_id=customer_id, amount=amount)
    return {"payment_id": payment_id, "customer_id": customer_id, "amount": amount}
