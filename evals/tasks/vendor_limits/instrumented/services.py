"""Grader's copy of app/services.py: records when each push starts and ends."""

import asyncio

from evals_ledger import record


async def push_to_vendor(tenant_id: str, account_id: str) -> dict:
    record("push_start", key=account_id, tenant=tenant_id)
    await asyncio.sleep(1.5)
    record("push_end", key=account_id, tenant=tenant_id)
    return {"tenant_id": tenant_id, "account_id": account_id, "pushed": True}
