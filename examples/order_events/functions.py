import inngest

from . import services
from .client import inngest_client

ORDER_PLACED = "storefront/order.placed"
ORDER_UPDATED = "storefront/order.updated"
ORDER_CANCELLED = "storefront/order.cancelled"


# --8<-- [start:handle_order_event]
@inngest_client.create_function(
    fn_id="handle-order-event",
    # One function, three triggers: any of these events starts a run.
    trigger=[
        inngest.TriggerEvent(event=ORDER_PLACED),
        inngest.TriggerEvent(event=ORDER_UPDATED),
        inngest.TriggerEvent(event=ORDER_CANCELLED),
    ],
)
async def handle_order_event(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    # ctx.event is the event that started *this* run; its name says which trigger fired.
    if ctx.event.name == ORDER_PLACED:
        result = await ctx.step.run("reserve-stock", services.reserve_stock, order_id, ctx.event.data["items"])
    elif ctx.event.name == ORDER_UPDATED:
        result = await ctx.step.run(
            "update-reservation", services.update_reservation, order_id, ctx.event.data["items"]
        )
    elif ctx.event.name == ORDER_CANCELLED:
        result = await ctx.step.run(
            "release-stock", services.release_stock, order_id, ctx.event.data.get("reason", "cancelled")
        )
    else:  # unreachable while the trigger list above is unchanged
        raise inngest.NonRetriableError(f"unexpected event {ctx.event.name}")
    return {"order_id": order_id, "event": ctx.event.name, **result}
# --8<-- [end:handle_order_event]


# --8<-- [start:flag_large_order]
@inngest_client.create_function(
    fn_id="flag-large-order",
    # The server evaluates the expression on every storefront/order.placed
    # event; only matching events start a run (no run at all otherwise).
    # A literal expression: never build one from data (see the interpolation mistake).
    trigger=inngest.TriggerEvent(event=ORDER_PLACED, expression="event.data.amount > 100"),
)
async def flag_large_order(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    return await ctx.step.run("open-fraud-review", services.open_fraud_review, order_id, ctx.event.data["amount"])
# --8<-- [end:flag_large_order]


functions = [handle_order_event, flag_large_order]
