"""Throttle and rate limit are two options with different semantics, not old and new names.

Both exist in the Python SDK (`throttle=inngest.Throttle(...)`,
`rate_limit=inngest.RateLimit(...)`). Throttle queues excess runs; rate limit
drops excess events. The same burst goes to both below.
"""

import datetime
import logging
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-rate-limit-vs-throttle-terms", logger=logging.getLogger("uvicorn"))

PAYMENT_THROTTLED = "mistake-rl-vs-throttle/payment-throttled.received"
PAYMENT_RATE_LIMITED = "mistake-rl-vs-throttle/payment-rate-limited.received"

ledger: Counter = Counter()  # (payment_id, handler) -> times charged


def charge(handler: str, payment_id: str) -> dict:
    ledger[(payment_id, handler)] += 1
    return {"payment_id": payment_id, "charged_by": handler}


# --8<-- [start:rate_limit_for_payments]
# WRONG: rate_limit is not the new name of throttle: payment events over the limit are dropped, never charged
@inngest_client.create_function(
    fn_id="charge-payment-rate-limited",
    trigger=inngest.TriggerEvent(event=PAYMENT_RATE_LIMITED),
    rate_limit=inngest.RateLimit(limit=1, period=datetime.timedelta(seconds=1), key="event.data.account_id"),
    retries=0,
)
async def charge_payment_rate_limited(ctx: inngest.Context) -> dict:
    return await ctx.step.run("charge", charge, "rate_limited", ctx.event.data["payment_id"])
# --8<-- [end:rate_limit_for_payments]


# --8<-- [start:throttle_for_payments]
@inngest_client.create_function(
    fn_id="charge-payment-throttled",
    trigger=inngest.TriggerEvent(event=PAYMENT_THROTTLED),
    # Same numbers, other option: over the limit, runs wait; every payment is charged.
    throttle=inngest.Throttle(limit=1, period=datetime.timedelta(seconds=1), burst=0, key="event.data.account_id"),
    retries=0,
)
async def charge_payment_throttled(ctx: inngest.Context) -> dict:
    return await ctx.step.run("charge", charge, "throttled", ctx.event.data["payment_id"])
# --8<-- [end:throttle_for_payments]


functions = [charge_payment_rate_limited, charge_payment_throttled]
app = FastAPI(title="mistake: rate limit vs throttle")
inngest.fast_api.serve(app, inngest_client, functions)
