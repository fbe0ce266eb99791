"""Grader's copy of app/services.py: records reminders and conversions."""

from evals_ledger import record


async def send_reminder(user_id: str) -> dict:
    record("send_reminder", key=user_id)
    return {"user_id": user_id, "sent": True}


async def record_conversion(user_id: str) -> dict:
    record("record_conversion", key=user_id)
    return {"user_id": user_id, "recorded": True}
