"""The seed's "User Welcome" case: deduplicate user.created by event id or by an idempotency key.

The seed says both last 24 hours. The server source agrees (see mistake.toml);
the tests prove the dedupe inside the window, which is all seconds can prove.

Run it:  INNGEST_DEV=1 uvicorn mistakes.event_id_window.main:app --port 8000
"""

import logging
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-event-id-window", logger=logging.getLogger("uvicorn"))
USER_CREATED = "mistake-idem-window/user.created"
USER_SIGNED_UP = "mistake-idem-window/user.signed-up"

ledger: Counter = Counter()  # (user_id, action) -> count


async def send_welcome(user_id: str) -> dict:
    ledger[(user_id, "welcome")] += 1
    return {"welcomed": user_id}


# --8<-- [start:welcome_by_event_id]
# Deduplicated by the sender: the event carries id=f"user-created-{user_id}".
@inngest_client.create_function(fn_id="welcome-by-event-id", trigger=inngest.TriggerEvent(event=USER_CREATED))
async def welcome_by_event_id(ctx: inngest.Context) -> dict:
    return await ctx.step.run("send-welcome", send_welcome, ctx.event.data["user_id"])
# --8<-- [end:welcome_by_event_id]


# --8<-- [start:welcome_by_idempotency_key]
# Deduplicated by the function: one run per user_id (a rate limit of 1 per 24 h).
@inngest_client.create_function(
    fn_id="welcome-by-idempotency-key",
    trigger=inngest.TriggerEvent(event=USER_SIGNED_UP),
    idempotency="event.data.user_id",
)
async def welcome_by_idempotency_key(ctx: inngest.Context) -> dict:
    return await ctx.step.run("send-welcome", send_welcome, ctx.event.data["user_id"])
# --8<-- [end:welcome_by_idempotency_key]


functions = [welcome_by_event_id, welcome_by_idempotency_key]
app = FastAPI(title="mistake: event id window")
inngest.fast_api.serve(app, inngest_client, functions)
