"""Checkout service."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="checkout")


async def charge_or_refuse(order_id: str, card: str) -> dict:
    try:
        return await services.charge_card(order_id, card)
    except services.CardDeclined as err:
        raise inngest.NonRetriableError(str(err)) from err


@inngest_client.create_function(fn_id="charge-order", trigger=inngest.TriggerEvent(event="orders/checkout.completed"))
async def charge_order(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    try:
        await ctx.step.run("charge", charge_or_refuse, order_id, ctx.event.data["card"])
    except inngest.NonRetriableError:
        # WRONG: a NonRetriableError out of step.run is not memoized; the replay
        # after the next step calls the charge again
        await ctx.step.run("send-decline-notice", services.send_decline_notice, order_id)
        return {"order_id": order_id, "status": "declined"}
    await ctx.step.run("send-receipt", services.send_receipt, order_id)
    return {"order_id": order_id, "status": "charged"}


app = FastAPI(title="checkout")
inngest.fast_api.serve(app, inngest_client, [charge_order])
