"""The SDK's signatures used as written: keyword configs, handler arguments positional or
through functools.partial, wait_for_event keywords, a step id first, callables for parallel."""

import datetime
import functools

import inngest

client = inngest.Inngest(app_id="lint-good-signatures", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-signatures", "status": "COMPLETED",
         "output": ["o-1:5", "o-1:7", None, [1, 2]]}


def charge(order_id: str, amount: int) -> str:
    return f"{order_id}:{amount}"


@client.create_function(
    fn_id="charge",
    trigger=inngest.TriggerEvent(event="lint/good-signatures"),
    concurrency=[inngest.Concurrency(limit=1, scope="fn")],
    singleton=inngest.Singleton(key="event.data.account_id", mode="skip"),
    throttle=inngest.Throttle(limit=5, period=datetime.timedelta(seconds=1), key="event.data.account_id"),
    retries=0,
)
async def charge_order(ctx: inngest.Context) -> list:
    first = await ctx.step.run("charge", charge, "o-1", 5)
    second = await ctx.step.run("charge-again", functools.partial(charge, order_id="o-1", amount=7))
    reply = await ctx.step.wait_for_event("reply", event="lint/good-signatures-reply",
                                          timeout=datetime.timedelta(seconds=1))
    both = await ctx.group.parallel((lambda: ctx.step.run("a", lambda: 1), lambda: ctx.step.run("b", lambda: 2)))
    return [first, second, reply, list(both)]


functions = [charge_order]
