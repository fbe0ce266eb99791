"""The seed's saga, kept runnable. It catches every Exception around the forward
steps and runs the compensations as steps. With a retriable error that is
right; with a NonRetriableError raised inside a step it is not: step.run
re-raises that error without memoizing it, so on every replay that follows a
compensation step the failing step's code runs AGAIN (a real charge, a real
shipment). Right form: examples/order_saga/functions.py#saga_step.
"""

from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-saga-compensation")

ORDER_PLACE = "mistakesaga/order.place"
ledger: Counter = Counter()  # (order_id, action) -> calls
declined_cards: set[str] = set()  # orders whose charge is refused with a NonRetriableError
carrier_rejects: set[str] = set()  # orders whose shipment is refused with a NonRetriableError


async def reserve_inventory(order_id: str) -> dict:
    ledger[(order_id, "reserve-inventory")] += 1
    return {"reservation_id": f"res-{order_id}"}


async def release_inventory(reservation: dict) -> dict:
    ledger[(reservation["reservation_id"].removeprefix("res-"), "release-inventory")] += 1
    return {"released": reservation["reservation_id"]}


async def charge_customer(order_id: str) -> dict:
    ledger[(order_id, "charge-payment")] += 1  # the customer's card is charged here
    if order_id in declined_cards:
        raise inngest.NonRetriableError(f"card declined for {order_id}")
    return {"charge_id": f"ch-{order_id}", "order_id": order_id}


async def refund_payment(payment: dict) -> dict:
    ledger[(payment["order_id"], "refund-payment")] += 1
    return {"refunded": payment["charge_id"]}


async def create_shipment(order_id: str) -> dict:
    ledger[(order_id, "create-shipment")] += 1  # a label is bought here
    if order_id in carrier_rejects:
        raise inngest.NonRetriableError(f"carrier refused {order_id}")
    return {"shipment_id": f"shp-{order_id}"}


# --8<-- [start:seed_saga]
# WRONG: a NonRetriableError raised inside a step escapes step.run unmemoized; catching it and then running compensation steps makes that step run again on every replay
@inngest_client.create_function(
    fn_id="orders-saga",
    trigger=inngest.TriggerEvent(event=ORDER_PLACE),
    retries=2,
)
async def order_saga(ctx: inngest.Context):
    order_id = ctx.event.data["order_id"]
    compensations = []

    try:
        inventory_reservation = await ctx.step.run("reserve-inventory", reserve_inventory, order_id)
        compensations.append(("release-inventory", release_inventory, inventory_reservation))

        payment = await ctx.step.run("charge-payment", charge_customer, order_id)
        compensations.append(("refund-payment", refund_payment, payment))

        await ctx.step.run("create-shipment", create_shipment, order_id)

        return {"status": "completed", "order_id": order_id}

    except Exception as e:
        for step_name, compensation_fn, data in reversed(compensations):
            await ctx.step.run(f"compensate-{step_name}", compensation_fn, data)

        raise e
# --8<-- [end:seed_saga]


functions = [order_saga]
app = FastAPI(title="mistake: seed saga")
inngest.fast_api.serve(app, inngest_client, functions)
