"""Grader's copy of app/services.py: every call and attempt recorded with its time, and
each call's span (call_start/call_end). Card "declined" is declined; orders with "noship"
are refused by the carrier; the first charge of a flaky order fails with a gateway error."""

import asyncio
import contextlib

from evals_ledger import first_attempt_fails, record


class PaymentDeclined(Exception):
    """Permanent: the card was declined."""


class ShippingRefused(Exception):
    """Permanent: the carrier refuses the shipment."""


class GatewayError(Exception):
    """Transient: the payment gateway did not answer; nothing was charged."""


@contextlib.contextmanager
def _call(op: str, order_id: str):
    record("call_start", key=order_id, op=op)
    try:
        yield
    finally:
        record("call_end", key=order_id, op=op)


async def reserve_stock(order_id: str) -> dict:
    with _call("reserve_stock", order_id):
        record("reserve_stock:start", key=order_id)
        await asyncio.sleep(0.2)
        record("reserve_stock", key=order_id)
    return {"order_id": order_id, "reserved": True}


async def charge(order_id: str, card: str) -> dict:
    with _call("charge", order_id):
        if first_attempt_fails("charge", order_id):
            raise GatewayError("gateway timeout")
        await asyncio.sleep(0.2)
        if card == "declined":
            raise PaymentDeclined("card declined")
        record("charge", key=order_id)
    return {"order_id": order_id, "charged": True}


async def ship(order_id: str) -> dict:
    with _call("ship", order_id):
        record("ship:attempt", key=order_id)
        await asyncio.sleep(0.2)
        if "noship" in order_id:
            raise ShippingRefused("carrier refuses")
        record("ship", key=order_id)
    return {"order_id": order_id, "shipped": True}


async def refund(order_id: str) -> dict:
    with _call("refund", order_id):
        await asyncio.sleep(0.1)
        record("refund", key=order_id)
    return {"order_id": order_id, "refunded": True}


async def release_stock(order_id: str) -> dict:
    with _call("release_stock", order_id):
        await asyncio.sleep(0.1)
        record("release_stock", key=order_id)
    return {"order_id": order_id, "released": True}
