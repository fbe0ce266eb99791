"""idempotency= next to rate_limit= on one function, and the same rate limit alone."""

import datetime
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-flow-config")

BOTH = "semantics-flow-config/both.requested"
RATE_ONLY = "semantics-flow-config/rate-only.requested"

ledger: Counter = Counter()  # (function, order_id) -> runs

# One run per account per hour...
HOURLY_PER_ACCOUNT = inngest.RateLimit(limit=1, period=datetime.timedelta(hours=1), key="event.data.account_id")


async def record(function: str, order_id: str) -> dict:
    ledger[(function, order_id)] += 1
    return {"order_id": order_id}


@inngest_client.create_function(
    fn_id="both",
    trigger=inngest.TriggerEvent(event=BOTH),
    rate_limit=HOURLY_PER_ACCOUNT,
    idempotency="event.data.order_id",  # ...and one run per order: the server keeps only this one
)
async def both(ctx: inngest.Context) -> dict:
    return await ctx.step.run("record", record, "both", ctx.event.data["order_id"])


@inngest_client.create_function(
    fn_id="rate-only",
    trigger=inngest.TriggerEvent(event=RATE_ONLY),
    rate_limit=HOURLY_PER_ACCOUNT,
)
async def rate_only(ctx: inngest.Context) -> dict:
    return await ctx.step.run("record", record, "rate-only", ctx.event.data["order_id"])


functions = [both, rate_only]
app = FastAPI(title="semantics: flow config")
inngest.fast_api.serve(app, inngest_client, functions)
