"""Stand-in email provider; records every email so tests can count them."""

from collections import Counter

ledger: Counter = Counter()  # (lead_id, action) -> count
outbox: list[dict] = []


async def send_followup(lead_id: str, email: str, template: str) -> dict:
    ledger[(lead_id, template)] += 1
    outbox.append({"lead_id": lead_id, "to": email, "template": template})
    return {"message_id": f"{template}-{lead_id}"}
