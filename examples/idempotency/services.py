"""Stand-ins for the payment provider, the mailer and a metrics counter."""

from collections import Counter

ledger: Counter = Counter()  # (order_id, action) -> count


async def charge(order_id: str, amount: float) -> dict:
    ledger[(order_id, "charge")] += 1
    return {"order_id": order_id, "charged": amount, "charge_id": f"ch-{order_id}"}


async def send_receipt(order_id: str, email: str) -> dict:
    ledger[(order_id, "send-receipt")] += 1
    return {"order_id": order_id, "receipt_sent_to": email}


async def count_receipt(order_id: str) -> dict:
    ledger[(order_id, "count-receipt")] += 1
    return {"order_id": order_id, "counted": True}
