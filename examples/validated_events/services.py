"""Stand-in warehouse; every call is counted."""

from collections import Counter

ledger: Counter = Counter()  # (order_id, action) -> count


async def reserve_stock(order_id: str, sku: str, quantity: int) -> dict:
    ledger[(order_id, "reserve-stock")] += 1
    return {"order_id": order_id, "sku": sku, "reserved": quantity}
