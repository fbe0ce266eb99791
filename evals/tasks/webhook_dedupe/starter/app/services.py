"""The ledger. Provided: do not change."""


async def record_payment(payment_id: str, customer_id: str, amount: float) -> dict:
    """Insert the payment into the ledger. Not idempotent: each call adds a row."""
    return {"payment_id": payment_id, "customer_id": customer_id, "amount": amount}
