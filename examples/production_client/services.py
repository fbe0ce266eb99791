"""Stand-in mailer; every call is counted."""

from collections import Counter

ledger: Counter = Counter()  # (user_id, action) -> count


async def send_welcome(user_id: str, email: str) -> dict:
    ledger[(user_id, "send-welcome")] += 1
    return {"message_id": f"welcome-{user_id}", "to": email}
