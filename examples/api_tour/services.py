"""Stand-ins for real work, recording each call."""

from collections import Counter

ledger: Counter = Counter()


async def quote_price(order_id: str, quantity: int, unit_cents: int) -> dict:
    ledger[(order_id, "quote-price")] += 1
    return {"order_id": order_id, "total_cents": quantity * unit_cents}


async def check_stock(order_id: str) -> dict:
    ledger[(order_id, "check-stock")] += 1
    return {"in_stock": True}


async def check_fraud(order_id: str) -> dict:
    ledger[(order_id, "check-fraud")] += 1
    return {"risk": "low"}
