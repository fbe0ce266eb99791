"""The seeds send follow-up events with `await inngest_client.send(...)` straight
from the function body. The body is re-executed on every request the server
makes (once per step), so the send runs again each time: a follow-up workflow
starts once per step that comes after the send.

Served by tests/mistakes/test_send_outside_step.py.
"""

import logging
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-send-outside-step", logger=logging.getLogger("uvicorn"))

LEAD_CREATED = "mistake-send/lead.created"
LEAD_CREATED_RIGHT = "mistake-send/lead.created-right"
AWAIT_REPLY = "mistake-send/await-reply"

ledger: Counter = Counter()  # (lead_id, action) -> count


async def qualify(lead_id: str) -> dict:
    ledger[(lead_id, "qualify")] += 1
    return {"score": 80}


async def assign_owner(lead_id: str) -> dict:
    ledger[(lead_id, "assign-owner")] += 1
    return {"owner": "ana@example.com"}


async def update_crm(lead_id: str) -> dict:
    ledger[(lead_id, "update-crm")] += 1
    return {"crm": "updated"}


# --8<-- [start:wrong]
# WRONG: a bare client send in the body runs again on every replay (once per later step)
@inngest_client.create_function(fn_id="initial-workflow-wrong", trigger=inngest.TriggerEvent(event=LEAD_CREATED))
async def initial_workflow_wrong(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    await ctx.step.run("qualify", qualify, lead_id)

    await inngest_client.send(inngest.Event(name=AWAIT_REPLY, data={"lead_id": lead_id, "follow_up_time": 86400}))

    await ctx.step.run("assign-owner", assign_owner, lead_id)
    await ctx.step.run("update-crm", update_crm, lead_id)
    return {"status": "completed"}
# --8<-- [end:wrong]


# --8<-- [start:seed_literal]
# WRONG: the seed's literal shape; it sends once only because nothing follows the send
@inngest_client.create_function(fn_id="stage-one-seed", trigger=inngest.TriggerEvent(event="mistake-send/job.submitted"))
async def stage_one_seed(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    result = await ctx.step.run("qualify", qualify, lead_id)
    await inngest_client.send(inngest.Event(name=AWAIT_REPLY, data={"lead_id": lead_id, "result": result}))
    return result
# --8<-- [end:seed_literal]


# --8<-- [start:right]
@inngest_client.create_function(fn_id="initial-workflow-right", trigger=inngest.TriggerEvent(event=LEAD_CREATED_RIGHT))
async def initial_workflow_right(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    await ctx.step.run("qualify", qualify, lead_id)

    # A step: sent once, memoized, visible in the trace.
    await ctx.step.send_event(
        "start-follow-up", inngest.Event(name=AWAIT_REPLY, data={"lead_id": lead_id, "follow_up_time": 86400})
    )

    await ctx.step.run("assign-owner", assign_owner, lead_id)
    await ctx.step.run("update-crm", update_crm, lead_id)
    return {"status": "completed"}
# --8<-- [end:right]


@inngest_client.create_function(fn_id="await-reply", trigger=inngest.TriggerEvent(event=AWAIT_REPLY))
async def await_reply(ctx: inngest.Context) -> dict:
    # Counts every follow-up event the server delivered (no step: counted once per run).
    ledger[(ctx.event.data["lead_id"], "follow-up-started")] += 1
    return {"lead_id": ctx.event.data["lead_id"]}


functions = [initial_workflow_wrong, stage_one_seed, initial_workflow_right, await_reply]

app = FastAPI(title="mistake: send outside a step")
inngest.fast_api.serve(app, inngest_client, functions)
