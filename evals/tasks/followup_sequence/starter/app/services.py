"""Email templates and sending. Provided: do not change."""


async def render(lead_id: str, template: str) -> str:
    return f"[{template}] Hello {lead_id}!"


async def send_email(lead_id: str, template: str, body: str) -> dict:
    """Send one email to the lead (each call sends one)."""
    return {"lead_id": lead_id, "template": template}
