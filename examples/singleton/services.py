"""Stand-ins for a supplier's stock API, the shop's catalogue and an analytics store.

Every call is recorded in `ledger`; `started` records the slow calls as they
begin, so a test can tell that a run is busy inside a step. `hold_slow_calls()`
keeps the slow calls in flight until `release_slow_calls()`: a deterministic
stand-in for a slow supplier or query.
"""

import asyncio
import threading
from collections import Counter

ledger: Counter = Counter()  # (key, action) -> count of finished calls
started: Counter = Counter()  # (key, action) -> count of calls that began
pushed: list[dict] = []  # stock lists written to the catalogue
published: list[dict] = []  # dashboards published

_released = threading.Event()
_released.set()


def hold_slow_calls() -> None:
    _released.clear()


def release_slow_calls() -> None:
    _released.set()


async def _slow() -> None:
    while not await asyncio.to_thread(_released.wait, 0.5):
        pass


async def fetch_stock(store_id: str, request: str) -> dict:
    started[(store_id, "fetch-stock")] += 1
    await _slow()
    ledger[(store_id, "fetch-stock")] += 1
    return {"store_id": store_id, "request": request, "skus": 42}


async def push_stock(store_id: str, request: str, skus: int) -> dict:
    ledger[(store_id, "push-stock")] += 1
    pushed.append({"store_id": store_id, "request": request, "skus": skus})
    return {"store_id": store_id, "request": request, "pushed": skus}


async def compute_metrics(dashboard_id: str, as_of: str) -> dict:
    started[(dashboard_id, "compute-metrics")] += 1
    await _slow()
    ledger[(dashboard_id, "compute-metrics")] += 1
    return {"dashboard_id": dashboard_id, "as_of": as_of, "revenue": 1234}


async def publish_dashboard(dashboard_id: str, as_of: str, revenue: int) -> dict:
    ledger[(dashboard_id, "publish")] += 1
    published.append({"dashboard_id": dashboard_id, "as_of": as_of, "revenue": revenue})
    return {"dashboard_id": dashboard_id, "published_as_of": as_of}
