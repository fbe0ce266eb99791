"""Stand-ins for the triage agent and the warehouse, recording when each job started."""

import asyncio
import time
from collections import Counter

ledger: Counter = Counter()  # (business id, action) -> count
started_at: dict[str, float] = {}  # ticket or job id -> time.monotonic() when its work began
work_seconds: float = 1.0  # how long one job holds its slot


async def _work(action: str, item_id: str) -> dict:
    started_at[item_id] = time.monotonic()
    ledger[(item_id, action)] += 1
    await asyncio.sleep(work_seconds)
    return {"id": item_id, action: "done"}


async def triage_ticket(ticket_id: str) -> dict:
    return await _work("triage", ticket_id)


async def backfill_table(job_id: str) -> dict:
    return await _work("backfill", job_id)
