"""A stand-in mailer. Every call records itself in `ledger` and `outbox`."""

import time
from collections import Counter

ledger: Counter = Counter()  # (account_id, action) -> count
outbox: list[dict] = []


async def send_trial_reminder(account_id: str, email: str, trial_ends_at: str) -> dict:
    ledger[(account_id, "send-trial-reminder")] += 1
    outbox.append({"account_id": account_id, "to": email, "trial_ends_at": trial_ends_at, "sent_at": time.time()})
    return {"sent_to": email}
