"""A refund waits for support's approval. The wrong form builds the match
expression from the order id in the request path:

    if_exp=f"async.data.order_id == '{order_id}'"

so the id is expression SOURCE. An id such as `x' || async.data.order_id != 'x`
turns the expression into one that is true for every approval: the crafted run
resumes on another customer's approval and pays itself a refund.

The right form compares fields (`async.data.order_id == event.data.order_id`;
the server substitutes the value as a quoted literal) and checks ids against a
safe alphabet at the API boundary.

Run it:  INNGEST_DEV=1 uvicorn mistakes.match_injection.main:app --port 8000
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

import inngest
import inngest.fast_api
from fastapi import FastAPI, Path

inngest_client = inngest.Inngest(app_id="mistake-match-injection", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (order_id, action) -> count

REFUND_REQUESTED = "mistake-matchinj/refund.requested"
REFUND_REQUESTED_SAFE = "mistake-matchinj/refund-safe.requested"
REFUND_APPROVED = "mistake-matchinj/refund.approved"
SAFE_ID = r"^[A-Za-z0-9_-]{1,64}$"


@dataclass
class Settings:
    approval_timeout: datetime.timedelta = datetime.timedelta(days=3)


settings = Settings()


async def pay_refund(order_id: str, approved_order: str) -> dict:
    ledger[(order_id, "pay-refund")] += 1
    return {"refunded": order_id, "approval_was_for": approved_order}


# --8<-- [start:interpolated_request_value]
# WRONG: the order id from the request becomes expression source; a crafted id rewrites the match
@inngest_client.create_function(fn_id="refund-interpolated", trigger=inngest.TriggerEvent(event=REFUND_REQUESTED))
async def refund_interpolated(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    approval = await ctx.step.wait_for_event(
        "wait-for-approval",
        event=REFUND_APPROVED,
        if_exp=f"async.data.order_id == '{order_id}'",
        timeout=settings.approval_timeout,
    )
    if approval is None:
        return {"refunded": None}
    return await ctx.step.run("pay-refund", pay_refund, order_id, approval.data["order_id"])
# --8<-- [end:interpolated_request_value]


@inngest_client.create_function(fn_id="refund-field-comparison", trigger=inngest.TriggerEvent(event=REFUND_REQUESTED_SAFE))
async def refund_field_comparison(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    approval = await ctx.step.wait_for_event(
        "wait-for-approval",
        event=REFUND_APPROVED,
        if_exp="async.data.order_id == event.data.order_id",  # no value in the source
        timeout=settings.approval_timeout,
    )
    if approval is None:
        return {"refunded": None}
    return await ctx.step.run("pay-refund", pay_refund, order_id, approval.data["order_id"])


functions = [refund_interpolated, refund_field_comparison]

app = FastAPI(title="mistake: match injection")


@app.post("/refunds/{order_id}", status_code=202)
async def request_refund(order_id: str) -> dict:
    ids = await inngest_client.send(inngest.Event(name=REFUND_REQUESTED, data={"order_id": order_id}))
    return {"event_ids": ids}


@app.post("/safe/refunds/{order_id}", status_code=202)
async def request_refund_safe(order_id: str = Path(pattern=SAFE_ID)) -> dict:
    ids = await inngest_client.send(inngest.Event(name=REFUND_REQUESTED_SAFE, data={"order_id": order_id}))
    return {"event_ids": ids}


@app.post("/refunds/{order_id}/approve", status_code=202)
async def approve_refund(order_id: str = Path(pattern=SAFE_ID)) -> dict:
    ids = await inngest_client.send(inngest.Event(name=REFUND_APPROVED, data={"order_id": order_id}))
    return {"event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)
