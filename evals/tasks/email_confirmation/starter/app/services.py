"""Accounts database and email. Provided: do not change."""

_confirmed: set[str] = set()


async def send_confirmation_email(user_id: str) -> dict:
    """Email the confirmation link. Clicking it sets the flag and emits accounts/email.confirmed."""
    return {"user_id": user_id, "sent": True}


async def is_confirmed(user_id: str) -> bool:
    """Whether the user has clicked the confirmation link (database flag)."""
    return user_id in _confirmed


async def activate(user_id: str) -> dict:
    return {"user_id": user_id, "active": True}


async def deactivate(user_id: str) -> dict:
    return {"user_id": user_id, "active": False}
