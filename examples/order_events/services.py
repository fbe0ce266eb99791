"""Stand-ins for the warehouse, billing and the fraud desk; every call is counted."""

from collections import Counter

ledger: Counter = Counter()  # (order_id, action) -> count


async def reserve_stock(order_id: str, items: list[dict]) -> dict:
    ledger[(order_id, "reserve-stock")] += 1
    return {"reserved": sum(int(i.get("qty", 1)) for i in items)}


async def update_reservation(order_id: str, items: list[dict]) -> dict:
    ledger[(order_id, "update-reservation")] += 1
    return {"reserved": sum(int(i.get("qty", 1)) for i in items)}


async def release_stock(order_id: str, reason: str) -> dict:
    ledger[(order_id, "release-stock")] += 1
    return {"released": True, "reason": reason}


async def open_fraud_review(order_id: str, amount: float) -> dict:
    ledger[(order_id, "fraud-review")] += 1
    return {"review_id": f"rev-{order_id}", "amount": amount}
