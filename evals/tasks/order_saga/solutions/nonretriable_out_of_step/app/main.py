"""Fulfilment service: a saga with compensations, one order per customer at a time."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="fulfilment")
PERMANENT = (services.PaymentDeclined, services.ShippingRefused)


async def attempt(action, *args) -> dict:
    try:
        return {"ok": await action(*args)}
    except PERMANENT as err:
        # WRONG: out of step.run a NonRetriableError is not memoized; each replay calls the action again
        raise inngest.NonRetriableError(str(err)) from err


@inngest_client.create_function(
    fn_id="fulfil-order",
    trigger=inngest.TriggerEvent(event="orders/placed"),
    concurrency=[inngest.Concurrency(limit=1, key="event.data.customer_id")],
)
async def fulfil_order(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    undo: list[tuple[str, object]] = []
    forward = [
        ("reserve-stock", services.reserve_stock, (order_id,), ("release-stock", services.release_stock)),
        ("charge", services.charge, (order_id, ctx.event.data["card"]), ("refund", services.refund)),
        ("ship", services.ship, (order_id,), None),
    ]
    for step_id, action, args, compensation in forward:
        try:
            await ctx.step.run(step_id, attempt, action, *args)
        except inngest.NonRetriableError:
            for undo_id, undo_action in reversed(undo):
                await ctx.step.run(undo_id, undo_action, order_id)
            return {"order_id": order_id, "status": "cancelled"}
        if compensation:
            undo.append(compensation)
    return {"order_id": order_id, "status": "shipped"}


app = FastAPI(title="fulfilment")
inngest.fast_api.serve(app, inngest_client, [fulfil_order])
