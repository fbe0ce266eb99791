"""Stand-ins for a partner CRM and a mailer, recording when each call started."""

import time
from collections import Counter
from dataclasses import dataclass

ledger: Counter = Counter()  # (business id, action) -> count


@dataclass(frozen=True)
class Call:
    action: str
    item_id: str
    workspace_id: str
    at: float  # time.monotonic() in this process


calls: list[Call] = []


def _record(action: str, item_id: str, workspace_id: str) -> None:
    ledger[(item_id, action)] += 1
    calls.append(Call(action, item_id, workspace_id, time.monotonic()))


async def push_contact(contact_id: str, workspace_id: str) -> dict:
    _record("push-contact", contact_id, workspace_id)
    return {"contact_id": contact_id, "pushed": True}


async def send_digest(digest_id: str, workspace_id: str) -> dict:
    _record("send-digest", digest_id, workspace_id)
    return {"digest_id": digest_id, "sent": True}
