"""CRM vendor client. Provided: do not change."""

import asyncio


async def push_to_vendor(tenant_id: str, account_id: str) -> dict:
    """Push one account to the vendor (takes a second or two)."""
    await asyncio.sleep(1.5)
    return {"tenant_id": tenant_id, "account_id": account_id, "pushed": True}
