"""Stand-ins for the inventory service and the payment provider.

`ledger` counts every call, (order_id, action) -> count; a failed call counts
under "<action> attempt" only. `outages` lets a test make a call fail a number
of times first: (order_id, action) -> failures left.
"""

from collections import Counter

ledger: Counter = Counter()
outages: Counter = Counter()
reservations: list[dict] = []


class InventoryUnavailable(Exception):
    pass


class PaymentDeclinedTemporarily(Exception):
    pass


def _attempt(order_id: str, action: str, error: type[Exception]) -> None:
    ledger[(order_id, f"{action} attempt")] += 1
    if outages[(order_id, action)] > 0:
        outages[(order_id, action)] -= 1
        raise error(f"{action} failed for {order_id} (simulated outage)")
    ledger[(order_id, action)] += 1


async def reserve(order_id: str, sku: str, qty: int) -> dict:
    _attempt(order_id, f"reserve {sku}", InventoryUnavailable)
    reservation = {"order_id": order_id, "sku": sku, "qty": qty, "reservation_id": f"res-{order_id}-{sku}-{len(reservations)}"}
    reservations.append(reservation)
    return reservation


async def charge(order_id: str, amount: float) -> dict:
    _attempt(order_id, "charge", PaymentDeclinedTemporarily)
    return {"charge_id": f"ch-{order_id}", "amount": amount}
