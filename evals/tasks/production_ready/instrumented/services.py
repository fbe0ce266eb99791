"""Grader's copy of app/services.py: records every welcome email."""

from evals_ledger import record


async def send_welcome(user_id: str) -> dict:
    record("send_welcome", key=user_id)
    return {"user_id": user_id, "sent": True}
