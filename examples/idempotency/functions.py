import inngest

from . import services
from .client import inngest_client

ORDER_PLACED = "billing/order.placed"
RECEIPT_REQUESTED = "billing/receipt.requested"


# --8<-- [start:charge_order]
@inngest_client.create_function(
    fn_id="charge-order",
    trigger=inngest.TriggerEvent(event=ORDER_PLACED),
    # At most one run per order_id, however often the event is sent (the
    # server turns this into a rate limit of 1 per 24 h for that key).
    idempotency="event.data.order_id",
)
async def charge_order(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    return await ctx.step.run("charge", services.charge, order_id, ctx.event.data["amount"])
# --8<-- [end:charge_order]


# --8<-- [start:receipt_functions]
@inngest_client.create_function(fn_id="send-receipt", trigger=inngest.TriggerEvent(event=RECEIPT_REQUESTED))
async def send_receipt(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    return await ctx.step.run("send-receipt", services.send_receipt, order_id, ctx.event.data["email"])


@inngest_client.create_function(fn_id="count-receipt", trigger=inngest.TriggerEvent(event=RECEIPT_REQUESTED))
async def count_receipt(ctx: inngest.Context) -> dict:
    return await ctx.step.run("count-receipt", services.count_receipt, ctx.event.data["order_id"])
# --8<-- [end:receipt_functions]


functions = [charge_order, send_receipt, count_receipt]
