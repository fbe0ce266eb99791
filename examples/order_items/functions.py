import inngest

from . import services
from .client import inngest_client

ORDER_PLACED = "shop/order.placed"


# --8<-- [start:fulfil_order]
@inngest_client.create_function(
    fn_id="fulfil-order",
    trigger=inngest.TriggerEvent(event=ORDER_PLACED),
    retries=3,
)
async def fulfil_order(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    items: list[dict] = ctx.event.data["items"]  # from the event: same order on every replay

    reservations = []
    for item in items:
        # One step per line; the id comes from the data, never from time or
        # randomness, so a replay finds every finished line's stored result.
        reservation = await ctx.step.run(
            f"reserve-{item['sku']}", services.reserve, order_id, item["sku"], item["qty"]
        )
        reservations.append(reservation["reservation_id"])

    total = round(sum(item["qty"] * item["unit_price"] for item in items), 2)
    charge = await ctx.step.run("charge-payment", services.charge, order_id, total)
    return {"order_id": order_id, "reservations": reservations, "charge_id": charge["charge_id"], "total": total}
# --8<-- [end:fulfil_order]


functions = [fulfil_order]
