import inngest

from . import services
from .client import inngest_client
from .config import settings

ORDER_PLACED = "ledger/order.placed"


# --8<-- [start:fulfil_order]
@inngest_client.create_function(
    fn_id="fulfil-order",
    trigger=inngest.TriggerEvent(event=ORDER_PLACED),
    retries=4,
)
async def fulfil_order(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    # Each step's result is stored by the server once the step returns; a crash
    # before that (the process killed, the host gone) re-runs only that step.
    stock = await ctx.step.run("reserve-stock", services.reserve_stock, order_id, ctx.event.data["sku"], ctx.attempt)
    charge = await ctx.step.run(
        "charge-card", services.charge_card, order_id, ctx.event.data["amount_cents"], ctx.attempt
    )
    await ctx.step.sleep("cooling-off", settings.cooling_off)
    receipt = await ctx.step.run("send-receipt", services.send_receipt, order_id, ctx.event.data["email"], ctx.attempt)
    return {"order_id": order_id, **stock, **charge, **receipt}
# --8<-- [end:fulfil_order]


functions = [fulfil_order]
