"""The tiny app checks/benchmark.py serves (in process, through ServedApp) to time the server.

Two functions, both recording wall-clock timestamps in this process, so that a
latency is read from the clocks of the process that sent the event and ran the
steps, never from the server's reports:

  bench-latency     three steps that do nothing but note when they ran
                    (event -> first step, step -> step)
  bench-throughput  three small steps under a concurrency limit of THROUGHPUT_LIMIT
                    (runs per second while a burst drains)

Not an example of the pack (nothing in examples/ or the docs cites it); the
client's app id and event names are its own, so it can share a server with anything.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict

import inngest
import inngest.fast_api
from fastapi import FastAPI

APP_ID = "bench"
LATENCY_EVENT = "bench/latency.ping"
THROUGHPUT_EVENT = "bench/throughput.job"
THROUGHPUT_LIMIT = 10  # concurrency limit of bench-throughput (runs in progress at once)

inngest_client = inngest.Inngest(app_id=APP_ID, logger=logging.getLogger("uvicorn"))

_lock = threading.Lock()
# key (event data "key") -> {"first": t, "first_end": t, "second": t, ...} in time.time() seconds.
marks: dict[str, dict[str, float]] = defaultdict(dict)
# key -> time.time() when the run's function body returned (after its last step).
finished: dict[str, float] = {}


def _mark(key: str, name: str) -> None:
    now = time.time()
    with _lock:
        marks[key].setdefault(name, now)


@inngest_client.create_function(fn_id="bench-latency", trigger=inngest.TriggerEvent(event=LATENCY_EVENT), retries=0)
async def bench_latency(ctx: inngest.Context) -> dict:
    key = ctx.event.data["key"]

    async def note(name: str) -> str:
        _mark(key, name)
        _mark(key, f"{name}_end")
        return name

    for name in ("first", "second", "third"):
        await ctx.step.run(name, note, name)
    with _lock:
        finished.setdefault(key, time.time())
    return {"key": key}


@inngest_client.create_function(
    fn_id="bench-throughput",
    trigger=inngest.TriggerEvent(event=THROUGHPUT_EVENT),
    concurrency=[inngest.Concurrency(limit=THROUGHPUT_LIMIT)],
    retries=0,
)
async def bench_throughput(ctx: inngest.Context) -> dict:
    key = ctx.event.data["key"]

    async def work(i: int) -> int:
        return i * 2

    total = 0
    for i in range(3):
        total += await ctx.step.run(f"work-{i}", work, i)
    with _lock:
        finished.setdefault(key, time.time())
    return {"key": key, "total": total}


functions = [bench_latency, bench_throughput]
app = FastAPI(title="inngest-workflow benchmark")
inngest.fast_api.serve(app, inngest_client, functions)


def expected_slugs() -> set[str]:
    return {f"{APP_ID}-bench-latency", f"{APP_ID}-bench-throughput"}


def reset() -> None:
    with _lock:
        marks.clear()
        finished.clear()
