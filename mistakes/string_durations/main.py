"""The seeds' string durations, served as written (with their default retries).

`step.sleep("wait-1-day", "1d")` and `wait_for_event(..., timeout="7d")` look
like the TypeScript SDK's API. The Python SDK takes a `datetime.timedelta` or
integer milliseconds and does arithmetic on the value before anything reaches
the server, so a string raises TypeError inside the handler.

Run it:  INNGEST_DEV=1 uvicorn mistakes.string_durations.main:app --port 8000
"""

import datetime
import logging
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-string-durations", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (user_id, action) -> count

DRIP_STARTED = "mistake-durations/drip.started"
REPLY_AWAITED = "mistake-durations/reply.awaited"
REPLY_RECEIVED = "mistake-durations/reply.received"


async def send_email(user_id: str, kind: str) -> dict:
    ledger[(user_id, kind)] += 1
    return {"sent": kind}


# --8<-- [start:string_sleep]
# WRONG: step.sleep takes a timedelta or integer milliseconds; "1d" raises TypeError in the SDK
@inngest_client.create_function(
    fn_id="drip-with-string-sleep",
    trigger=inngest.TriggerEvent(event=DRIP_STARTED),
)
async def drip_with_string_sleep(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    await ctx.step.run("welcome-email", send_email, user_id, "welcome")
    await ctx.step.sleep("wait-1-day", "1d")
    await ctx.step.run("tips-email", send_email, user_id, "tips")
    return {"status": "completed"}
# --8<-- [end:string_sleep]


# --8<-- [start:string_timeout]
# WRONG: wait_for_event's timeout takes a timedelta or integer milliseconds; "7d" raises TypeError
@inngest_client.create_function(
    fn_id="await-reply-with-string-timeout",
    trigger=inngest.TriggerEvent(event=REPLY_AWAITED),
)
async def await_reply_with_string_timeout(ctx: inngest.Context) -> dict:
    reply = await ctx.step.wait_for_event(
        "wait-for-reply",
        event=REPLY_RECEIVED,
        if_exp="async.data.user_id == event.data.user_id",
        timeout="7d",
    )
    return {"replied": reply is not None}
# --8<-- [end:string_timeout]


@inngest_client.create_function(
    fn_id="drip-with-timedelta-sleep",
    trigger=inngest.TriggerEvent(event="mistake-durations/drip-right.started"),
)
async def drip_with_timedelta_sleep(ctx: inngest.Context) -> dict:
    """The same drip with a timedelta (1 s here so the test can wait for it)."""
    user_id = ctx.event.data["user_id"]
    await ctx.step.run("welcome-email", send_email, user_id, "welcome")
    await ctx.step.sleep("wait-1-day", datetime.timedelta(seconds=ctx.event.data["delay_s"]))
    await ctx.step.run("tips-email", send_email, user_id, "tips")
    return {"status": "completed"}


functions = [drip_with_string_sleep, await_reply_with_string_timeout, drip_with_timedelta_sleep]

app = FastAPI(title="mistake: string durations")
inngest.fast_api.serve(app, inngest_client, functions)
