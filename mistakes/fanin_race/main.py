"""The seed's fan-out orchestrator sends one event per item, then waits for a
"batch/all-complete" event. A wait only sees events that arrive after it
starts, so when the workers finish before the orchestrator reaches its wait
(fast workers, a slow orchestrator step, a busy queue), the completion is lost
and the run sits until the timeout. The seed then returns "completed" anyway,
because it never checks the wait's result for None.

The orchestrator's lag is a setting so the test can make the ordering certain.
Served by tests/mistakes/test_fanin_race.py.
"""

import asyncio
import datetime
import logging
import time
from collections import Counter
from dataclasses import dataclass

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-fanin-race", logger=logging.getLogger("uvicorn"))

START = "mistake-fanin/batch.start-large"
PROCESS_ONE = "mistake-fanin/batch.process-single"
ALL_COMPLETE = "mistake-fanin/batch.all-complete"


@dataclass
class Settings:
    completion_timeout: datetime.timedelta = datetime.timedelta(hours=1)
    # Time the orchestrator spends between dispatching and waiting (a slow
    # write, a busy queue). Zero in the seed; any value > worker time loses.
    orchestrator_lag: datetime.timedelta = datetime.timedelta(0)


settings = Settings()
ledger: Counter = Counter()  # (batch_id, action) -> count
completion_sent_at: dict[str, float] = {}  # batch_id -> time.monotonic() of the all-complete send
_progress: dict[str, dict] = {}  # the seed's "external service" that aggregates completions


async def trigger_worker_workflows(batch_id: str, items: list) -> None:
    _progress[batch_id] = {"total": len(items), "done": 0}
    await inngest_client.send(
        [inngest.Event(name=PROCESS_ONE, data={"batch_id": batch_id, "item": item, "index": i}) for i, item in enumerate(items)]
    )


async def record_dispatch(batch_id: str) -> None:
    await asyncio.sleep(settings.orchestrator_lag.total_seconds())
    ledger[(batch_id, "record-dispatch")] += 1


async def process_item(item: str) -> dict:
    return {"item": item, "ok": True}


async def report_item_complete(batch_id: str, result: dict) -> None:
    progress = _progress[batch_id]
    progress["done"] += 1
    if progress["done"] == progress["total"]:
        await inngest_client.send(inngest.Event(name=ALL_COMPLETE, data={"batch_id": batch_id}))
        completion_sent_at[batch_id] = time.monotonic()
        ledger[(batch_id, "all-complete-sent")] += 1


# --8<-- [start:wrong]
# WRONG: the completion event can arrive before the wait starts; then it is never seen
@inngest_client.create_function(fn_id="batch-orchestrator", trigger=inngest.TriggerEvent(event=START))
async def orchestrator(ctx: inngest.Context) -> dict:
    batch_id = ctx.event.data["batch_id"]
    items = ctx.event.data["items"]

    await ctx.step.run("trigger-workers", trigger_worker_workflows, batch_id, items)
    await ctx.step.run("record-dispatch", record_dispatch, batch_id)

    completion = await ctx.step.wait_for_event(  # noqa: F841 (the seed never reads it)
        "wait-completion",
        event=ALL_COMPLETE,
        if_exp="async.data.batch_id == event.data.batch_id",
        timeout=settings.completion_timeout,
    )
    return {"status": "completed", "batch_id": batch_id}
# --8<-- [end:wrong]


@inngest_client.create_function(
    fn_id="batch-worker",
    trigger=inngest.TriggerEvent(event=PROCESS_ONE),
    concurrency=[inngest.Concurrency(limit=20)],
)
async def worker(ctx: inngest.Context) -> None:
    result = await ctx.step.run("process", process_item, ctx.event.data["item"])
    await ctx.step.run("report-completion", report_item_complete, ctx.event.data["batch_id"], result)


functions = [orchestrator, worker]

app = FastAPI(title="mistake: fan-in race")
inngest.fast_api.serve(app, inngest_client, functions)
