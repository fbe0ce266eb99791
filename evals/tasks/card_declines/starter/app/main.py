"""Checkout service."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="checkout")


@inngest_client.create_function(fn_id="charge-order", trigger=inngest.TriggerEvent(event="orders/checkout.completed"))
async def charge_order(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    await ctx.step.run("charge", services.charge_card, order_id, ctx.event.data["card"])
    await ctx.step.run("send-receipt", services.send_receipt, order_id)
    return {"order_id": order_id, "status": "charged"}


app = FastAPI(title="checkout")
inngest.fast_api.serve(app, inngest_client, [charge_order])
