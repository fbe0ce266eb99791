"""wait_for_event and Cancel without if_exp: any event of that name matches."""

import datetime
from collections import Counter
from types import SimpleNamespace

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-unfiltered-matches")

WAIT_STARTED = "semantics-unfiltered/wait.started"
APPROVED = "semantics-unfiltered/approved"
SEQUENCE_STARTED = "semantics-unfiltered/sequence.started"
STOPPED = "semantics-unfiltered/stopped"

settings = SimpleNamespace(
    wait_timeout=datetime.timedelta(seconds=30),
    nap=datetime.timedelta(seconds=30),
)
ledger: Counter = Counter()  # (item_id, what) -> calls


async def record(item_id: str, what: str) -> dict:
    ledger[(item_id, what)] += 1
    return {}


@inngest_client.create_function(fn_id="wait-any", trigger=inngest.TriggerEvent(event=WAIT_STARTED))
async def wait_any(ctx: inngest.Context) -> dict:
    item_id = ctx.event.data["item_id"]
    await ctx.step.run("started", record, item_id, "started")
    # No if_exp: the first `approved` event for ANY item resumes this wait.
    approval = await ctx.step.wait_for_event("wait-approval", event=APPROVED, timeout=settings.wait_timeout)
    return {"item_id": item_id, "approved_item": approval.data["item_id"] if approval else None}


@inngest_client.create_function(
    fn_id="sequence",
    trigger=inngest.TriggerEvent(event=SEQUENCE_STARTED),
    cancel=[inngest.Cancel(event=STOPPED)],  # no if_exp: any `stopped` event cancels every run
)
async def sequence(ctx: inngest.Context) -> dict:
    item_id = ctx.event.data["item_id"]
    await ctx.step.run("started", record, item_id, "started")
    await ctx.step.sleep("nap", settings.nap)
    await ctx.step.run("finished", record, item_id, "finished")
    return {"item_id": item_id}


functions = [wait_any, sequence]
app = FastAPI(title="semantics: matches without if_exp")
inngest.fast_api.serve(app, inngest_client, functions)
