"""Email client. Provided: do not change."""


async def send_welcome(user_id: str) -> dict:
    return {"user_id": user_id, "sent": True}
