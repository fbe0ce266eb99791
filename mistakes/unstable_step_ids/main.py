"""A step id that changes on every call of the handler.

The handler runs from the top on every request of a run; a finished step is
recognised by the hash of its id. An id made from uuid4() or time is new on
every request, so the step is never "finished": it runs again on every
request and the code after it is never reached.

Run it:  INNGEST_DEV=1 uvicorn mistakes.unstable_step_ids.main:app --port 8000
"""

import logging
import uuid
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-unstable-step-ids", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (order_id, action) -> count

ORDER_PAID = "mistake-unstable-ids/order.paid"
ORDER_PAID_RIGHT = "mistake-unstable-ids/order-right.paid"


async def charge(order_id: str) -> dict:
    ledger[(order_id, "charge")] += 1
    return {"charge_id": f"ch-{order_id}-{ledger[(order_id, 'charge')]}"}


async def send_receipt(order_id: str) -> dict:
    ledger[(order_id, "send-receipt")] += 1
    return {"sent": True}


# --8<-- [start:random_id]
# WRONG: the id is new on every replay, so the charge is never found as done and runs again
@inngest_client.create_function(
    fn_id="charge-with-random-step-id",
    trigger=inngest.TriggerEvent(event=ORDER_PAID),
)
async def charge_with_random_step_id(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    charged = await ctx.step.run(f"charge-{uuid.uuid4().hex[:8]}", charge, order_id)
    await ctx.step.run("send-receipt", send_receipt, order_id)
    return {"order_id": order_id, **charged}
# --8<-- [end:random_id]


# --8<-- [start:stable_id]
@inngest_client.create_function(
    fn_id="charge-with-stable-step-id",
    trigger=inngest.TriggerEvent(event=ORDER_PAID_RIGHT),
)
async def charge_with_stable_step_id(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    charged = await ctx.step.run(f"charge-{order_id}", charge, order_id)  # from data: same on every replay
    await ctx.step.run("send-receipt", send_receipt, order_id)
    return {"order_id": order_id, **charged}
# --8<-- [end:stable_id]


functions = [charge_with_random_step_id, charge_with_stable_step_id]

app = FastAPI(title="mistake: unstable step ids")
inngest.fast_api.serve(app, inngest_client, functions)
