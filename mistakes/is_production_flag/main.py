"""The seed's client (002 "## 2. Create the Client"), kept runnable.

`is_production=` overrides the SDK's own mode detection. With ENVIRONMENT
unset or misspelled ("prod", "Production") the client is in DEV mode even
though INNGEST_SIGNING_KEY is set: the serve endpoint runs any unsigned POST,
and events go to http://127.0.0.1:8288. Right form:
examples/production_client/client.py#client (no is_production=).
"""

import logging
import os
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

# --8<-- [start:wrong_client]
# WRONG: any ENVIRONMENT value but exactly "production" (unset, "prod", "Production") puts the client in dev mode: no signature checks
inngest_client = inngest.Inngest(
    app_id="mistake-is-production-flag",
    logger=logging.getLogger("uvicorn"),
    is_production=os.getenv("ENVIRONMENT") == "production",
)
# --8<-- [end:wrong_client]

REFUND_REQUESTED = "mistakeisprod/refund.requested"
ledger: Counter = Counter()  # (refund_id, action) -> count


async def issue_refund(refund_id: str, amount: float) -> dict:
    ledger[(refund_id, "issue-refund")] += 1  # money leaves the account here
    return {"refund_id": refund_id, "amount": amount}


@inngest_client.create_function(fn_id="issue-refund", trigger=inngest.TriggerEvent(event=REFUND_REQUESTED))
async def refund(ctx: inngest.Context) -> dict:
    return await ctx.step.run("issue-refund", issue_refund, ctx.event.data["refund_id"], ctx.event.data["amount"])


functions = [refund]

app = FastAPI(title="mistake: is_production flag")
inngest.fast_api.serve(app, inngest_client, functions)
