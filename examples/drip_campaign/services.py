"""Stand-in email provider: records every email as it starts and when it is sent.

`hold_sends()` keeps sends in flight until `release_sends()`: a deterministic
stand-in for a slow provider, so a test can cancel a run while a step executes.
"""

import asyncio
import threading
from collections import Counter

ledger: Counter = Counter()  # (user_id, template) -> count of emails sent
started: Counter = Counter()  # (user_id, template) -> count of sends that began
outbox: list[dict] = []

_released = threading.Event()
_released.set()


def hold_sends() -> None:
    _released.clear()


def release_sends() -> None:
    _released.set()


async def send_email(user_id: str, campaign_id: str, template: str) -> dict:
    started[(user_id, template)] += 1
    while not await asyncio.to_thread(_released.wait, 0.5):
        pass
    ledger[(user_id, template)] += 1
    outbox.append({"user_id": user_id, "campaign_id": campaign_id, "template": template})
    return {"message_id": f"{template}-{user_id}"}
