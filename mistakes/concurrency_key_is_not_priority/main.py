"""The seed's "Queue Priority with Concurrency Keys", made runnable.

A concurrency key gives every distinct value its own, identical limit; it does
not order anything. Priority is `priority=inngest.Priority(run=...)`
(examples/priority). The seed's three constraints do not even sync: the server
allows two per function.
"""

import asyncio
import logging
import time
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-concurrency-key-is-not-priority", logger=logging.getLogger("uvicorn"))

JOB_KEYED = "mistake-concurrency-key-priority/job.process"
JOB_RAW_PRIORITY = "mistake-concurrency-key-priority/job-raw-priority.process"

ledger: Counter = Counter()  # (job_id, action) -> count
started_at: dict[str, float] = {}  # job id -> time.monotonic() when its work began
ended_at: dict[str, float] = {}
work_seconds: float = 1.0


async def work(job_id: str) -> dict:
    started_at[job_id] = time.monotonic()
    ledger[(job_id, "process")] += 1
    await asyncio.sleep(work_seconds)
    ended_at[job_id] = time.monotonic()
    return {"job_id": job_id}


# --8<-- [start:key_as_priority]
# WRONG: a key on event.data.priority is one equal limit per value, not a priority queue; "high" jumps nothing
@inngest_client.create_function(
    fn_id="process-job",
    trigger=inngest.TriggerEvent(event=JOB_KEYED),
    concurrency=[
        inngest.Concurrency(limit=2),  # global limit (the seed's 50, scaled down)
        inngest.Concurrency(limit=1, key="event.data.priority"),  # "separate queues per priority" (seed: 10)
    ],
    retries=0,
)
async def process_job(ctx: inngest.Context) -> dict:
    return await ctx.step.run("process", work, ctx.event.data["job_id"])
# --8<-- [end:key_as_priority]


# --8<-- [start:raw_number_priority]
# WRONG: JSON numbers are floats in expressions; a non-integer priority is silently ignored (factor 0)
@inngest_client.create_function(
    fn_id="process-job-raw-priority",
    trigger=inngest.TriggerEvent(event=JOB_RAW_PRIORITY),
    concurrency=[inngest.Concurrency(limit=1)],
    priority=inngest.Priority(run="event.data.priority"),
    retries=0,
)
async def process_job_raw_priority(ctx: inngest.Context) -> dict:
    return await ctx.step.run("process", work, ctx.event.data["job_id"])
# --8<-- [end:raw_number_priority]


functions = [process_job, process_job_raw_priority]
app = FastAPI(title="mistake: concurrency key is not priority")
inngest.fast_api.serve(app, inngest_client, functions)


def build_seed_app() -> tuple[FastAPI, list]:
    """The seed's function as written (three constraints) in an app of its own,
    next to a valid function. The SDK accepts it; the server rejects the sync."""
    client = inngest.Inngest(
        app_id="mistake-concurrency-key-is-not-priority-seed", logger=logging.getLogger("uvicorn")
    )

    # --8<-- [start:three_constraints]
    # WRONG: the server allows at most 2 concurrency constraints per function; the whole app fails to sync
    @client.create_function(
        fn_id="processing-prioritized",
        trigger=inngest.TriggerEvent(event="mistake-concurrency-key-priority/seed-job.process"),
        concurrency=[
            inngest.Concurrency(limit=50),
            inngest.Concurrency(limit=10, key="event.data.priority"),
            inngest.Concurrency(limit=5, key="event.data.customer_id"),
        ],
    )
    async def process_job_seed(ctx: inngest.Context) -> None:
        return None
    # --8<-- [end:three_constraints]

    @client.create_function(
        fn_id="valid-sibling",
        trigger=inngest.TriggerEvent(event="mistake-concurrency-key-priority/seed-sibling.run"),
    )
    async def valid_sibling(ctx: inngest.Context) -> None:
        return None

    seed_functions = [process_job_seed, valid_sibling]
    seed_app = FastAPI(title="mistake: three concurrency constraints")
    inngest.fast_api.serve(seed_app, client, seed_functions)
    return seed_app, seed_functions
