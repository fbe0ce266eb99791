import inngest

from . import services
from .client import inngest_client

ORDER_PLACED = "ordersaga/order.placed"


# --8<-- [start:saga_step]
async def _run_action(action, *args) -> dict:
    """Runs INSIDE the step: a NonRetriableError becomes a memoized result.

    Left to escape step.run it is neither retried nor memoized: uncaught, it fails
    the run before any compensation; caught in the handler, the failing step runs
    again on every replay (once per compensation step)."""
    try:
        return {"ok": await action(*args)}
    except inngest.NonRetriableError as err:
        return {"refused": err.message}


async def forward(ctx: inngest.Context, step_id: str, action, *args) -> dict:
    """A forward step of the saga. Raises in the handler, from memoized data, when it
    was refused for good; a StepError comes out of step.run when retries ran out."""
    result = await ctx.step.run(step_id, _run_action, action, *args)
    if "refused" in result:
        raise inngest.NonRetriableError(result["refused"])
    return result["ok"]
# --8<-- [end:saga_step]


# --8<-- [start:place_order]
@inngest_client.create_function(
    fn_id="place-order",
    trigger=inngest.TriggerEvent(event=ORDER_PLACED),
    retries=2,
)
async def place_order(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]
    items: list[str] = ctx.event.data["items"]
    compensations: list[tuple[str, object, str]] = []  # (step id, undo action, its argument)

    try:
        reservation = await forward(ctx, "reserve-inventory", services.reserve_inventory, order_id, items)
        compensations.append(("release-inventory", services.release_inventory, reservation["reservation_id"]))

        charge = await forward(
            ctx, "charge-payment", services.charge_payment, order_id, ctx.event.data["card"], ctx.event.data["amount"]
        )
        compensations.append(("refund-payment", services.refund_payment, charge["charge_id"]))

        shipment = await forward(ctx, "create-shipment", services.create_shipment, order_id, items)
    except (inngest.StepError, inngest.NonRetriableError):
        # Undo what succeeded, newest first. Each compensation is a step with a
        # stable id: memoized, so it runs once however often the handler replays.
        for step_id, undo, arg in reversed(compensations):
            await ctx.step.run(f"compensate-{step_id}", undo, order_id, arg)
        # Neither error is retried: the run ends FAILED with the original error
        # (a StepError carries the failed step's error name and message).
        raise

    return {"order_id": order_id, "status": "completed", **shipment}
# --8<-- [end:place_order]


functions = [place_order]
