"""A broad try/except around the whole handler (seed 003, F2 anti-pattern 5).

In this SDK, step.run signals "step done, stop here" with an exception that
derives from BaseException (ResponseInterrupt), so `except Exception` does not
stop step retries. What it does do: it swallows the StepError raised once a
step is out of retries, and any error raised outside a step, so the run ends
COMPLETED, is never retried, and on_failure never runs. A bare `except` /
`except BaseException` also swallows the interrupt itself.
Right form: let errors propagate and alert in on_failure
(examples/on_failure/functions.py#on_failure_handler), or catch inngest.StepError
around one step (examples/step_error_handling/functions.py#price_quote).
"""

from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-handler-try-except")

WRAPPED = "mistaketrycatch/import.wrapped"
BARE = "mistaketrycatch/import.bare"
PLAIN = "mistaketrycatch/import.plain"

ledger: Counter = Counter()  # (batch_id, action) -> calls
broken_feeds: set[str] = set()  # batches whose fetch step always fails
flaky_rates: Counter = Counter()  # batch_id -> calls of fx_rate still to fail


async def fetch_orders(batch_id: str) -> list[int]:
    ledger[(batch_id, "fetch-orders")] += 1
    if batch_id in broken_feeds:
        raise ConnectionError("order feed unreachable")
    return [1200, 3400]


def fx_rate(batch_id: str) -> float:
    """Outside a step on purpose (a pure-looking helper that can fail transiently)."""
    ledger[(batch_id, "fx-rate")] += 1
    if flaky_rates[batch_id] > 0:
        flaky_rates[batch_id] -= 1
        raise TimeoutError("rates service timed out")
    return 0.5


async def save_total(batch_id: str, total: float) -> dict:
    ledger[(batch_id, "save-total")] += 1
    return {"saved": total}


async def alert_ops(ctx: inngest.Context) -> None:
    batch_id = ctx.event.data["event"]["data"]["batch_id"]
    await ctx.step.run("alert-ops", _record_alert, batch_id)


async def _record_alert(batch_id: str) -> None:
    ledger[(batch_id, "alert-ops")] += 1


async def _body(ctx: inngest.Context) -> dict:
    batch_id = ctx.event.data["batch_id"]
    amounts = await ctx.step.run("fetch-orders", fetch_orders, batch_id)
    total = sum(amounts) * fx_rate(batch_id)
    await ctx.step.run("save-total", save_total, batch_id, total)
    return {"status": "imported", "total": total}


# --8<-- [start:wrapped_handler]
# WRONG: swallows the StepError of an exhausted step and every error outside steps: the run reports COMPLETED, is not retried, on_failure never runs
@inngest_client.create_function(
    fn_id="import-orders-wrapped",
    trigger=inngest.TriggerEvent(event=WRAPPED),
    retries=2,
    on_failure=alert_ops,
)
async def import_orders_wrapped(ctx: inngest.Context) -> dict:
    try:
        return await _body(ctx)
    except Exception as err:
        ctx.logger.error(f"import failed: {err}")
        return {"status": "failed", "error": str(err)}
# --8<-- [end:wrapped_handler]


# --8<-- [start:bare_except_handler]
# WRONG: a bare except also catches the SDK's step interrupt (a BaseException), so the run ends after the first step runs, without memoizing it
@inngest_client.create_function(
    fn_id="import-orders-bare-except",
    trigger=inngest.TriggerEvent(event=BARE),
    retries=2,
)
async def import_orders_bare_except(ctx: inngest.Context) -> dict:
    try:
        return await _body(ctx)
    except:  # noqa: E722
        return {"status": "failed"}
# --8<-- [end:bare_except_handler]


@inngest_client.create_function(
    fn_id="import-orders",
    trigger=inngest.TriggerEvent(event=PLAIN),
    retries=2,
    on_failure=alert_ops,
)
async def import_orders(ctx: inngest.Context) -> dict:
    """The right form: no wrapper. Errors reach Inngest, which retries and then fails the run."""
    return await _body(ctx)


functions = [import_orders_wrapped, import_orders_bare_except, import_orders]
app = FastAPI(title="mistake: try/except around the handler")
inngest.fast_api.serve(app, inngest_client, functions)
