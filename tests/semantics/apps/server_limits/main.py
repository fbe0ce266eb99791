"""Limits of the self-hosted server (v1.44.0) that Inngest Cloud plans set lower:
sleep length and batch size."""

import datetime
from collections import defaultdict

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-server-limits")

LONG_SLEEP = "semantics-server-limits/long-sleep.requested"
ROW_ADDED = "semantics-server-limits/row.added"

BIG_BATCH = 150  # above Inngest Cloud's Pro plan batch capacity (100 events)
batches: defaultdict[str, list[int]] = defaultdict(list)  # load_id -> size of each batch run


async def record_batch(load_id: str, size: int) -> dict:
    batches[load_id].append(size)
    return {"rows": size}


@inngest_client.create_function(fn_id="long-sleep", trigger=inngest.TriggerEvent(event=LONG_SLEEP), retries=0)
async def long_sleep(ctx: inngest.Context) -> dict:
    await ctx.step.sleep("long-sleep", datetime.timedelta(days=ctx.event.data["days"]))
    return {"slept_days": ctx.event.data["days"]}


@inngest_client.create_function(
    fn_id="big-batch",
    trigger=inngest.TriggerEvent(event=ROW_ADDED),
    batch_events=inngest.Batch(max_size=BIG_BATCH, timeout=datetime.timedelta(seconds=5), key="event.data.load_id"),
)
async def big_batch(ctx: inngest.Context) -> dict:
    return await ctx.step.run("record-batch", record_batch, ctx.event.data["load_id"], len(ctx.events))


functions = [long_sleep, big_batch]
app = FastAPI(title="semantics: server limits")
inngest.fast_api.serve(app, inngest_client, functions)
