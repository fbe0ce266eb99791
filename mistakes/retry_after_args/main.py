"""The seeds write RetryAfterError(duration, message); this SDK's signature is
RetryAfterError(message, retry_after) with retry_after as int milliseconds, a
timedelta or a datetime, and nothing checks the types at construction.
Right form: examples/retry_after/functions.py#push_contact_step.
"""

import time
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-retry-after-args")

CHARGE_REQUESTED = "mistakeretryafter/charge.requested"
ledger: Counter = Counter()  # (payment_id, "charge") -> calls
calls: list[dict] = []  # {"payment_id", "attempt", "at"}


# --8<-- [start:seed_retry_after]
# WRONG: arguments swapped; this SDK takes (message, retry_after) and retry_after must be int ms, timedelta or datetime
def rate_limited_error() -> inngest.RetryAfterError:
    return inngest.RetryAfterError("1h", "Rate limited by payment gateway")
# --8<-- [end:seed_retry_after]


async def charge(payment_id: str, attempt: int) -> dict:
    ledger[(payment_id, "charge")] += 1
    calls.append({"payment_id": payment_id, "attempt": attempt, "at": time.time()})
    raise rate_limited_error()  # the gateway always says "slow down"


@inngest_client.create_function(
    fn_id="charge-with-seed-retry-after",
    trigger=inngest.TriggerEvent(event=CHARGE_REQUESTED),
    retries=2,
)
async def charge_with_seed_retry_after(ctx: inngest.Context) -> dict:
    return await ctx.step.run("charge", charge, ctx.event.data["payment_id"], ctx.attempt)


functions = [charge_with_seed_retry_after]
app = FastAPI(title="mistake: RetryAfterError arguments")
inngest.fast_api.serve(app, inngest_client, functions)
