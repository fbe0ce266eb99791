import datetime

import inngest

from . import services
from .client import inngest_client
from .config import settings

TOUR_STARTED = "tour/order.placed"
TOUR_REPLIED = "tour/customer.replied"
TOUR_NOTIFIED = "tour/order.quoted"


# --8<-- [start:child]
@inngest_client.create_function(fn_id="tour-tax", trigger=inngest.TriggerEvent(event="tour/tax.requested"))
async def compute_tax(ctx: inngest.Context) -> dict:
    return {"tax_cents": ctx.event.data["total_cents"] // 10}
# --8<-- [end:child]


# --8<-- [start:tour]
@inngest_client.create_function(
    fn_id="tour-order",  # stable: changing it makes a new function
    trigger=inngest.TriggerEvent(event=TOUR_STARTED),
    retries=3,  # 3 retries = 4 attempts per step (the default is 4 retries)
)
async def tour_order(ctx: inngest.Context) -> dict:
    order_id: str = ctx.event.data["order_id"]

    # step.run(id, handler, *args): runs once, result stored as JSON and
    # returned from storage on every later call of this handler.
    quote = await ctx.step.run("quote-price", services.quote_price, order_id, 3, 250)

    # Durations: datetime.timedelta, or an int of MILLISECONDS. Never a string.
    await ctx.step.sleep("pause", settings.pause)

    # sleep_until takes a datetime; derive it from stored data (here the
    # event's timestamp), never from datetime.now() outside a step.
    sent_at = datetime.datetime.fromtimestamp(ctx.event.ts / 1000, tz=datetime.UTC)
    await ctx.step.sleep_until("follow-up-time", sent_at + settings.follow_up_after)

    # wait_for_event: keyword-only; returns the event, or None on timeout.
    # `event` is the triggering event, `async` the candidate.
    reply = await ctx.step.wait_for_event(
        "wait-for-reply",
        event=TOUR_REPLIED,
        if_exp="async.data.order_id == event.data.order_id",
        timeout=settings.reply_timeout,  # whole seconds, at least 1 s
    )

    # send_event: emit events durably (a replay does not send them again).
    await ctx.step.send_event(
        "announce-quote", inngest.Event(name=TOUR_NOTIFIED, data={"order_id": order_id, **quote})
    )

    # invoke: call another function and get its return value.
    tax = await ctx.step.invoke("compute-tax", function=compute_tax, data={"total_cents": quote["total_cents"]})

    # group.parallel: steps that run concurrently; a tuple of callables.
    stock, fraud = await ctx.group.parallel(
        (
            lambda: ctx.step.run("check-stock", services.check_stock, order_id),
            lambda: ctx.step.run("check-fraud", services.check_fraud, order_id),
        )
    )

    return {
        "order_id": order_id,
        "total_cents": quote["total_cents"] + tax["tax_cents"],
        "replied": reply is not None,
        "in_stock": stock["in_stock"],
        "risk": fraud["risk"],
    }
# --8<-- [end:tour]


functions = [tour_order, compute_tax]
