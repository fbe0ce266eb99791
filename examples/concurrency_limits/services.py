"""Stand-ins for a report renderer, a CRM and a data warehouse.

Each call takes `work_seconds` (awaited, so calls *can* overlap in one event
loop) and records when it started and ended on this process's monotonic clock,
so a test can measure how many really ran at the same time.
"""

import asyncio
import time
from collections import Counter
from dataclasses import dataclass

ledger: Counter = Counter()  # (business id, action) -> count
work_seconds: float = 1.0  # how long one call to the outside system takes


@dataclass(frozen=True)
class Execution:
    action: str  # "render", "sync", "export"
    item_id: str  # report id, sync id, export id
    group: str | None  # the account the work belongs to, if any
    started: float  # time.monotonic()
    ended: float


executions: list[Execution] = []


async def _work(action: str, item_id: str, group: str | None) -> dict:
    started = time.monotonic()
    ledger[(item_id, action)] += 1
    await asyncio.sleep(work_seconds)
    executions.append(Execution(action, item_id, group, started, time.monotonic()))
    return {"id": item_id, action: "done"}


async def render_report(report_id: str) -> dict:
    return await _work("render", report_id, None)


async def sync_account(sync_id: str, account_id: str) -> dict:
    return await _work("sync", sync_id, account_id)


async def export_ledger(export_id: str, account_id: str) -> dict:
    return await _work("export", export_id, account_id)
