"""Grader's copy of app/services.py: records every email, fails the first tips email of a flaky user."""

import uuid

from evals_ledger import first_attempt_fails, record


class EmailProviderError(Exception):
    """The provider failed; nothing was sent. Trying again later usually works."""


async def send_email(user_id: str, template: str) -> dict:
    if template == "tips" and first_attempt_fails("email", f"{user_id}:{template}"):
        raise EmailProviderError("provider timed out")
    record("email", key=f"{user_id}:{template}", user_id=user_id, template=template)
    return {"message_id": uuid.uuid4().hex, "user_id": user_id, "template": template}
