"""Email and analytics clients. Provided: do not change."""


async def send_reminder(user_id: str) -> dict:
    """Email the user that their trial ends soon."""
    return {"user_id": user_id, "sent": True}


async def record_conversion(user_id: str) -> dict:
    """Count a trial that converted into a subscription (not idempotent)."""
    return {"user_id": user_id, "recorded": True}
