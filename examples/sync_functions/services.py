"""Blocking stand-ins (a sync DB driver, a sync HTTP client); every call is counted
with its start and end time so tests can see which calls overlapped."""

import threading
import time
from collections import Counter

ledger: Counter = Counter()  # (catalog_id, action) -> count
intervals: dict[tuple[str, str], tuple[float, float]] = {}  # (catalog_id, action) -> (start, end)
_lock = threading.Lock()


def load_skus(catalog_id: str) -> list[str]:
    with _lock:
        ledger[(catalog_id, "load-skus")] += 1
    return ["sku-a", "sku-b", "sku-c"]


def fetch_price(catalog_id: str, sku: str, seconds: float) -> dict:
    start = time.monotonic()
    time.sleep(seconds)  # blocking I/O: fine in a sync function, it runs in a worker thread
    with _lock:
        ledger[(catalog_id, f"price-{sku}")] += 1
        intervals[(catalog_id, sku)] = (start, time.monotonic())
    return {"sku": sku, "price_cents": 100 * (ord(sku[-1]) - ord("a") + 1)}


def publish(catalog_id: str, prices: list[dict]) -> dict:
    with _lock:
        ledger[(catalog_id, "publish")] += 1
    return {"published": len(prices), "total_cents": sum(p["price_cents"] for p in prices)}


steps_run: dict[str, list[str]] = {}  # run_id -> step ids, as the middleware saw them


def record_step(run_id: str, step_id: str) -> None:
    with _lock:
        steps_run.setdefault(run_id, []).append(step_id)
