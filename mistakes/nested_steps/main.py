"""A step inside a step: the SDK refuses it and the run fails without retrying.

Run it:  INNGEST_DEV=1 uvicorn mistakes.nested_steps.main:app --port 8000
"""

import logging
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-nested-steps", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (order_id, action) -> count

NESTED = "mistake-nested/order.placed"
FLAT = "mistake-nested/order-flat.placed"


async def reserve(order_id: str) -> dict:
    ledger[(order_id, "reserve")] += 1
    return {"reserved": order_id}


# --8<-- [start:nested]
# WRONG: a step's handler must not start another step; the SDK fails the run
@inngest_client.create_function(fn_id="nested-steps", trigger=inngest.TriggerEvent(event=NESTED), retries=2)
async def nested_steps(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]

    async def reserve_and_charge() -> dict:
        ledger[(order_id, "reserve-and-charge")] += 1
        reservation = await ctx.step.run("reserve", reserve, order_id)
        return {"charged": True, **reservation}

    return await ctx.step.run("reserve-and-charge", reserve_and_charge)
# --8<-- [end:nested]


# --8<-- [start:flat]
@inngest_client.create_function(fn_id="flat-steps", trigger=inngest.TriggerEvent(event=FLAT), retries=2)
async def flat_steps(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    reservation = await ctx.step.run("reserve", reserve, order_id)
    return {"charged": True, **reservation}
# --8<-- [end:flat]


functions = [nested_steps, flat_steps]

app = FastAPI(title="mistake: nested steps")
inngest.fast_api.serve(app, inngest_client, functions)
