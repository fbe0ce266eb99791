"""Payments service: webhook deliveries recorded once per payment."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="payments-ingest")


@inngest_client.create_function(
    fn_id="record-payment",
    trigger=inngest.TriggerEvent(event="payments/webhook.received"),
    # One run per payment id for 24 hours; later deliveries start no run.
    idempotency="event.data.payment_id",
)
async def record_payment(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    await ctx.step.run("record", services.record_payment, data["payment_id"], data["customer_id"], data["amount"])
    return {"payment_id": data["payment_id"], "recorded": True}


app = FastAPI(title="payments")
inngest.fast_api.serve(app, inngest_client, [record_payment])
