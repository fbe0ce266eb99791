"""Stand-ins for the CRM and the sales inbox. Every call records itself in `ledger`."""

from collections import Counter

ledger: Counter = Counter()  # (lead_id, action) -> count
crm_by_phone: dict[str, str] = {}  # phone number -> lead_id
processed: list[dict] = []

REPLY_DOMAIN = "replies.example.com"


def reply_address(lead_id: str) -> str:
    """The Reply-To address on outreach emails; the inbound email webhook reads the lead back out of it."""
    return f"reply+{lead_id}@{REPLY_DOMAIN}"


def lead_from_reply_address(address: str) -> str | None:
    local, _, domain = address.partition("@")
    if domain != REPLY_DOMAIN or not local.startswith("reply+"):
        return None
    return local.removeprefix("reply+") or None


def register_lead(lead_id: str, phone: str | None) -> None:
    if phone:
        crm_by_phone[phone] = lead_id


def lead_from_phone(phone: str) -> str | None:
    return crm_by_phone.get(phone)


async def send_outreach(lead_id: str, email: str) -> dict:
    ledger[(lead_id, "send-outreach")] += 1
    return {"to": email, "reply_to": reply_address(lead_id)}


async def process_reply(lead_id: str, channel: str, text: str) -> dict:
    ledger[(lead_id, "process-reply")] += 1
    processed.append({"lead_id": lead_id, "channel": channel, "text": text})
    return {"routed_to": "sales", "channel": channel}


async def mark_unresponsive(lead_id: str) -> dict:
    ledger[(lead_id, "mark-unresponsive")] += 1
    return {"status": "unresponsive"}
