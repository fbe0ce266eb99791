"""Grader's copy of app/services.py: records every email sent."""

from evals_ledger import record


async def render(lead_id: str, template: str) -> str:
    return f"[{template}] Hello {lead_id}!"


async def send_email(lead_id: str, template: str, body: str) -> dict:
    record("send_email", key=lead_id, template=template)
    return {"lead_id": lead_id, "template": template}
