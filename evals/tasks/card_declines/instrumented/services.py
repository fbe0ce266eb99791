"""Grader's copy of app/services.py: records charge attempts, charges and emails;
cards ending 0002 are declined, the first charge of a flaky order times out."""

import uuid

from evals_ledger import first_attempt_fails, record


class CardDeclined(Exception):
    """The issuer declined the card. Trying again will not help."""


class GatewayTimeout(Exception):
    """The gateway did not answer; nothing was charged. Trying again usually works."""


async def charge_card(order_id: str, card: str) -> dict:
    if first_attempt_fails("charge_card", order_id):
        raise GatewayTimeout("gateway timed out")
    if card.endswith("0002"):
        raise CardDeclined(f"card ending {card[-4:]} declined")
    record("charge", key=order_id)
    return {"order_id": order_id, "charge_id": uuid.uuid4().hex}


async def send_receipt(order_id: str) -> dict:
    record("send_receipt", key=order_id)
    return {"order_id": order_id, "receipt": True}


async def send_decline_notice(order_id: str) -> dict:
    record("send_decline_notice", key=order_id)
    return {"order_id": order_id, "notice": True}
