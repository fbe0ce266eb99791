"""Warehouse, payment and shipping clients. Provided: do not change. None is idempotent."""

import asyncio


class PaymentDeclined(Exception):
    """Permanent: the card was declined."""


class ShippingRefused(Exception):
    """Permanent: the carrier refuses the shipment."""


class GatewayError(Exception):
    """Transient: the payment gateway did not answer; nothing was charged."""


async def reserve_stock(order_id: str) -> dict:
    await asyncio.sleep(0.2)
    return {"order_id": order_id, "reserved": True}


async def charge(order_id: str, card: str) -> dict:
    await asyncio.sleep(0.2)
    if card == "declined":
        raise PaymentDeclined("card declined")
    return {"order_id": order_id, "charged": True}


async def ship(order_id: str) -> dict:
    await asyncio.sleep(0.2)
    return {"order_id": order_id, "shipped": True}


async def refund(order_id: str) -> dict:
    return {"order_id": order_id, "refunded": True}


async def release_stock(order_id: str) -> dict:
    return {"order_id": order_id, "released": True}
