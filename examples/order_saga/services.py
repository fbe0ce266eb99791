"""Stand-ins for inventory, payments and shipping. Every call is recorded, in order.

Failures are chosen by data, as a real provider would: card "tok_declined" is
refused for good (the payment client raises inngest.NonRetriableError, as the
seeds teach), card "tok_gateway_down" meets a gateway that keeps timing out, and
orders in `shipping_down_for` meet a carrier API that keeps failing.
"""

from collections import Counter

import inngest

ledger: Counter = Counter()  # (order_id, action) -> calls
actions: list[tuple[str, str]] = []  # (order_id, action) in call order
shipping_down_for: set[str] = set()


class PaymentGatewayTimeout(Exception):
    pass


class ShippingUnavailable(Exception):
    pass


def _record(order_id: str, action: str) -> None:
    ledger[(order_id, action)] += 1
    actions.append((order_id, action))


async def reserve_inventory(order_id: str, items: list[str]) -> dict:
    _record(order_id, "reserve-inventory")
    return {"reservation_id": f"res-{order_id}", "items": items}


async def release_inventory(order_id: str, reservation_id: str) -> dict:
    _record(order_id, "release-inventory")
    return {"released": reservation_id}


async def charge_payment(order_id: str, card: str, amount: float) -> dict:
    _record(order_id, "charge-payment")
    if card == "tok_gateway_down":
        raise PaymentGatewayTimeout("payment gateway timed out")
    if card == "tok_declined":
        raise inngest.NonRetriableError(f"card declined for order {order_id}")
    return {"charge_id": f"ch-{order_id}", "amount": amount}


async def refund_payment(order_id: str, charge_id: str) -> dict:
    _record(order_id, "refund-payment")
    return {"refunded": charge_id}


async def create_shipment(order_id: str, items: list[str]) -> dict:
    _record(order_id, "create-shipment")
    if order_id in shipping_down_for:
        raise ShippingUnavailable("carrier API answered 503")
    return {"shipment_id": f"shp-{order_id}"}
