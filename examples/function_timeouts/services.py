"""Stand-ins for the report database, the renderer, file storage and the PDF engine.

`started` records the slow calls as they begin; `hold_slow_calls()` keeps them
in flight until `release_slow_calls()`: a deterministic stand-in for a slow
renderer, so a test can have a step executing when a timeout strikes.
"""

import asyncio
import threading
from collections import Counter

ledger: Counter = Counter()  # (report_id, action) -> count of finished calls
started: Counter = Counter()  # (report_id, action) -> count of calls that began

_released = threading.Event()
_released.set()


def hold_slow_calls() -> None:
    _released.clear()


def release_slow_calls() -> None:
    _released.set()


async def _slow() -> None:
    while not await asyncio.to_thread(_released.wait, 0.5):
        pass


async def query_rows(report_id: str) -> dict:
    ledger[(report_id, "query-rows")] += 1
    return {"report_id": report_id, "rows": 500}


async def render(report_id: str, rows: int) -> dict:
    started[(report_id, "render")] += 1
    await _slow()
    ledger[(report_id, "render")] += 1
    return {"report_id": report_id, "file": f"{report_id}.csv", "rows": rows}


async def upload(report_id: str, file: str) -> dict:
    ledger[(report_id, "upload")] += 1
    return {"report_id": report_id, "url": f"https://files.example.com/{file}"}


async def render_pdf(report_id: str) -> dict:
    started[(report_id, "render-pdf")] += 1
    await _slow()
    ledger[(report_id, "render-pdf")] += 1
    return {"report_id": report_id, "pdf": f"{report_id}.pdf"}
