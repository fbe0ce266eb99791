"""Workflows for the seed's AsyncMock unit test (000 "### Unit Testing Workflows").

The seed mocks the whole context: `ctx.step.*` become AsyncMocks that accept
any arguments and never run a step's handler. Its test therefore passes for
workflows that are broken against the real server, and fails for the right
one. tests/mistakes/test_asyncmock_unit_test.py runs the seed's test, the
SDK's mocked layer (inngest.experimental.mocked) and the real server on each.

Run it:  INNGEST_DEV=1 uvicorn mistakes.asyncmock_unit_test.main:app --port 8000
"""

import datetime
from collections import Counter
from dataclasses import dataclass

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-asyncmock-unit-test")

SUBMITTED_RIGHT = "mistakemock/order.submitted"
SUBMITTED_OUTSIDE = "mistakemock/order.submitted-outside"
SUBMITTED_STRING_TIMEOUT = "mistakemock/order.submitted-string-timeout"
SUBMITTED_WRONG_FIELD = "mistakemock/order.submitted-wrong-field"
ORDER_DECIDED = "mistakemock/order.decided"


@dataclass
class Settings:
    decision_timeout: datetime.timedelta = datetime.timedelta(hours=24)


settings = Settings()
ledger: Counter = Counter()  # (order_id, action) -> count


async def fulfill_order(order_id: str) -> dict:
    ledger[(order_id, "fulfill")] += 1  # a warehouse ships here
    return {"shipment_id": f"shp-{order_id}"}


async def notify_customer(order_id: str) -> dict:
    ledger[(order_id, "notify")] += 1
    return {"notified": order_id}


# --8<-- [start:right]
@inngest_client.create_function(fn_id="approve-order", trigger=inngest.TriggerEvent(event=SUBMITTED_RIGHT), retries=0)
async def approve_order(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    decision = await ctx.step.wait_for_event(
        "wait-for-approval",
        event=ORDER_DECIDED,
        if_exp="async.data.order_id == event.data.order_id",
        timeout=settings.decision_timeout,
    )
    if decision is None or decision.data.get("approved") is not True:
        return {"order_id": order_id, "status": "not-approved"}
    await ctx.step.run("fulfill-order", fulfill_order, order_id)
    await ctx.step.run("notify-customer", notify_customer, order_id)
    return {"order_id": order_id, "status": "fulfilled"}
# --8<-- [end:right]


# --8<-- [start:outside_step]
# WRONG: fulfill_order is called outside a step, so it runs again on every later request (the seed's test only passes this shape)
@inngest_client.create_function(
    fn_id="approve-order-outside-step", trigger=inngest.TriggerEvent(event=SUBMITTED_OUTSIDE), retries=0
)
async def approve_order_outside_step(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    decision = await ctx.step.wait_for_event(
        "wait-for-approval",
        event=ORDER_DECIDED,
        if_exp="async.data.order_id == event.data.order_id",
        timeout=settings.decision_timeout,
    )
    if decision is None or decision.data.get("approved") is not True:
        return {"order_id": order_id, "status": "not-approved"}
    await fulfill_order(order_id)
    await ctx.step.run("notify-customer", notify_customer, order_id)
    return {"order_id": order_id, "status": "fulfilled"}
# --8<-- [end:outside_step]


# --8<-- [start:string_timeout]
# WRONG: the Python SDK rejects a string timeout when the step runs, so every run fails at the wait
@inngest_client.create_function(
    fn_id="approve-order-string-timeout", trigger=inngest.TriggerEvent(event=SUBMITTED_STRING_TIMEOUT), retries=0
)
async def approve_order_string_timeout(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    decision = await ctx.step.wait_for_event(
        "wait-for-approval",
        event=ORDER_DECIDED,
        if_exp="async.data.order_id == event.data.order_id",
        timeout="24h",
    )
    if decision is None or decision.data.get("approved") is not True:
        return {"order_id": order_id, "status": "not-approved"}
    await ctx.step.run("fulfill-order", fulfill_order, order_id)
    return {"order_id": order_id, "status": "fulfilled"}
# --8<-- [end:string_timeout]


# --8<-- [start:wrong_field]
# WRONG: the trigger event has no `id` field, so the match is never true and every order times out unapproved
@inngest_client.create_function(
    fn_id="approve-order-wrong-field", trigger=inngest.TriggerEvent(event=SUBMITTED_WRONG_FIELD), retries=0
)
async def approve_order_wrong_field(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    decision = await ctx.step.wait_for_event(
        "wait-for-approval",
        event=ORDER_DECIDED,
        if_exp="async.data.order_id == event.data.id",
        timeout=settings.decision_timeout,
    )
    if decision is None or decision.data.get("approved") is not True:
        return {"order_id": order_id, "status": "not-approved"}
    await ctx.step.run("fulfill-order", fulfill_order, order_id)
    return {"order_id": order_id, "status": "fulfilled"}
# --8<-- [end:wrong_field]


functions = [approve_order, approve_order_outside_step, approve_order_string_timeout, approve_order_wrong_field]

app = FastAPI(title="mistake: AsyncMock unit test")
inngest.fast_api.serve(app, inngest_client, functions)
