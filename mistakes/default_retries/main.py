"""A function with no retries= relies on the server default. The seeds say
"3 attempts over ~2 hours" (001) and "retry 3 times ... (~2 hours total)" (002).
The server default is 4 retries, 5 attempts per step
(pkg/consts/consts.go:10 DefaultRetryCount = 4, pkg/inngest/function_step.go:22-28),
with backoff 15 s, 30 s, 1 m, 2 m (+0-30 s jitter each; pkg/backoff/backoff.go:10-21,49-57):
3 min 45 s to 5 min 45 s in total, not 2 hours.
Right form: set retries= explicitly (examples/retries/functions.py#import_report).
"""

from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-default-retries")

SYNC_REQUESTED = "mistakeretries/sync.requested"
ledger: Counter = Counter()  # (sync_id, "call-partner") -> calls
attempts_seen: list[tuple[str, int]] = []


async def call_partner(sync_id: str, attempt: int) -> dict:
    ledger[(sync_id, "call-partner")] += 1
    attempts_seen.append((sync_id, attempt))
    raise ConnectionError("partner API unreachable")


# --8<-- [start:relying_on_default]
# WRONG: relies on the seeds' "3 attempts"; with no retries= the server makes 5 attempts per step
@inngest_client.create_function(
    fn_id="sync-partner",
    trigger=inngest.TriggerEvent(event=SYNC_REQUESTED),
)
async def sync_partner(ctx: inngest.Context) -> dict:
    return await ctx.step.run("call-partner", call_partner, ctx.event.data["sync_id"], ctx.attempt)
# --8<-- [end:relying_on_default]


functions = [sync_partner]
app = FastAPI(title="mistake: default retries")
inngest.fast_api.serve(app, inngest_client, functions)
