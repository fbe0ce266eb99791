"""Stand-ins for a warehouse query and a summarizer, plus the middleware's
observations (kept here so tests can read them like any other side effect)."""

import asyncio
from collections import Counter

ledger: Counter = Counter()  # (report_id, action) -> count
hook_calls: Counter = Counter()  # (run_id or "outside-run", hook) -> count
step_durations: dict[tuple[str, str], float] = {}  # (run_id, step id) -> seconds


async def fetch_rows(report_id: str) -> dict:
    ledger[(report_id, "fetch-rows")] += 1
    return {"rows": 42}


async def summarize(report_id: str, rows: int, seconds: float) -> dict:
    ledger[(report_id, "summarize")] += 1
    await asyncio.sleep(seconds)  # a slow call worth measuring
    return {"summary": f"{rows} rows"}
