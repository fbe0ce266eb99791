"""A run with one of everything the run tree shows: a step that fails once and
succeeds on its retry, a sleep, a wait for a later event, an event sent, an output.

Durations are settings read from the environment, production values by default;
tests and `inngest-kit run --env` make them short (the kit never changes them)."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

client = inngest.Inngest(app_id="kit-journey")
PAUSE = datetime.timedelta(seconds=int(os.environ.get("JOURNEY_PAUSE_S", "3600")))
REPLY_TIMEOUT = datetime.timedelta(seconds=int(os.environ.get("JOURNEY_REPLY_TIMEOUT_S", "86400")))
calls: dict[str, int] = {}


def reserve(order_id: str, attempt: int) -> dict:
    calls[order_id] = calls.get(order_id, 0) + 1
    if attempt == 0:
        raise RuntimeError(f"warehouse busy for {order_id}")
    return {"order_id": order_id, "reserved": True}


@client.create_function(fn_id="order-journey", trigger=inngest.TriggerEvent(event="journey/started"), retries=2)
async def order_journey(ctx: inngest.Context) -> dict:
    order_id = ctx.event.data["order_id"]
    reservation = await ctx.step.run("reserve-stock", reserve, order_id, ctx.attempt)
    await ctx.step.sleep("cool-off", PAUSE)
    reply = await ctx.step.wait_for_event(
        "wait-for-confirmation",
        event="journey/confirmed",
        if_exp="async.data.order_id == event.data.order_id",
        timeout=REPLY_TIMEOUT,
    )
    await ctx.step.send_event("announce", inngest.Event(name="journey/finished", data={"order_id": order_id}))
    return {"order_id": order_id, "reserved": reservation["reserved"], "confirmed": reply is not None}


app = FastAPI()
inngest.fast_api.serve(app, client, [order_journey])
