"""The seed's "Throttling (Dedupe)" handler in Python, next to a handler that really dedupes.

Throttle paces run starts; it never drops an event. Deduplication needs an
idempotency key (below), an event `id`, or debounce.
"""

import datetime
import logging
import time
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-throttle-is-not-dedupe", logger=logging.getLogger("uvicorn"))

INBOUND_THROTTLED = "mistake-throttle-dedupe/inbound.received"
INBOUND_IDEMPOTENT = "mistake-throttle-dedupe/inbound-idempotent.received"

ledger: Counter = Counter()  # (message_id, handler) -> times processed
processed_at: list[tuple[str, str, float]] = []  # (handler, message_id, time.monotonic())


def process(handler: str, message_id: str) -> dict:
    ledger[(message_id, handler)] += 1
    processed_at.append((handler, message_id, time.monotonic()))
    return {"message_id": message_id, "processed_by": handler}


# --8<-- [start:throttle_as_dedupe]
# WRONG: throttle only paces run starts; every duplicate still runs (the first limit + burst at once, the rest later)
@inngest_client.create_function(
    fn_id="handle-inbound-message",
    trigger=inngest.TriggerEvent(event=INBOUND_THROTTLED),
    throttle=inngest.Throttle(
        key="event.data.conversation_id",
        limit=1,
        period=datetime.timedelta(seconds=10),
    ),
    retries=0,
)
async def handle_inbound_message(ctx: inngest.Context) -> dict:
    return await ctx.step.run("gather-context", process, "throttled", ctx.event.data["message_id"])
# --8<-- [end:throttle_as_dedupe]


# --8<-- [start:idempotent_handler]
@inngest_client.create_function(
    fn_id="handle-inbound-message-once",
    trigger=inngest.TriggerEvent(event=INBOUND_IDEMPOTENT),
    # One run per message id (for 24 h); duplicates start no run at all.
    idempotency="event.data.message_id",
    retries=0,
)
async def handle_inbound_message_once(ctx: inngest.Context) -> dict:
    return await ctx.step.run("gather-context", process, "idempotent", ctx.event.data["message_id"])
# --8<-- [end:idempotent_handler]


functions = [handle_inbound_message, handle_inbound_message_once]
app = FastAPI(title="mistake: throttle is not dedupe")
inngest.fast_api.serve(app, inngest_client, functions)
