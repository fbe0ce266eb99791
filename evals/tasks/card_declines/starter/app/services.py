"""Payment gateway and customer emails. Provided: do not change."""

import uuid


class CardDeclined(Exception):
    """The issuer declined the card. Trying again will not help."""


class GatewayTimeout(Exception):
    """The gateway did not answer; nothing was charged. Trying again usually works."""


async def charge_card(order_id: str, card: str) -> dict:
    """Charge the order's total to the card."""
    if card.endswith("0002"):
        raise CardDeclined(f"card ending {card[-4:]} declined")
    return {"order_id": order_id, "charge_id": uuid.uuid4().hex}


async def send_receipt(order_id: str) -> dict:
    return {"order_id": order_id, "receipt": True}


async def send_decline_notice(order_id: str) -> dict:
    return {"order_id": order_id, "notice": True}
