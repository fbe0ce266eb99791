"""Fulfilment service: a saga with compensations, one order per customer at a time."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="fulfilment")
PERMANENT = (services.PaymentDeclined, services.ShippingRefused)


async def attempt(action, *args) -> dict:
    """Runs inside the step: a permanent refusal is returned, so it is memoized and never repeated."""
    try:
        return {"ok": await action(*args)}
    except PERMANENT as err:
        return {"refused": str(err)}


@inngest_client.create_function(
    fn_id="fulfil-order",
    trigger=inngest.TriggerEvent(event="orders/placed"),
    # WRONG: no per-customer limit, a customer's orders overlap
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
        result = await ctx.step.run(step_id, attempt, action, *args)
        if "refused" in result:
            for undo_id, undo_action in reversed(undo):
                await ctx.step.run(undo_id, undo_action, order_id)
            return {"order_id": order_id, "status": "cancelled"}
        if compensation:
            undo.append(compensation)
    return {"order_id": order_id, "status": "shipped"}


app = FastAPI(title="fulfilment")
inngest.fast_api.serve(app, inngest_client, [fulfil_order])
