"""Integer durations are MILLISECONDS in the Python SDK.

The seed sends `"follow_up_time": 86400  # 24 hours` for a workflow that
sleeps on it: 86400 ms is 86.4 seconds. `step.sleep("x", 5)` sleeps 5 ms,
which the server rounds to no wait at all. For wait_for_event, integer
timeouts that are not whole seconds are refused outright.

Run it:  INNGEST_DEV=1 uvicorn mistakes.millisecond_ints.main:app --port 8000
"""

import datetime
import logging
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-millisecond-ints", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (lead_id, action) -> count

FOLLOW_UP_SCHEDULED = "mistake-ms-ints/follow-up.scheduled"
FOLLOW_UP_SCHEDULED_RIGHT = "mistake-ms-ints/follow-up-right.scheduled"
REPLY_AWAITED = "mistake-ms-ints/reply.awaited"
REPLY_RECEIVED = "mistake-ms-ints/reply.received"


async def send_follow_up(lead_id: str) -> dict:
    ledger[(lead_id, "send-follow-up")] += 1
    return {"sent": True}


# --8<-- [start:int_sleep]
# WRONG: an int duration is milliseconds; follow_up_time=86400 sleeps 86.4 s, not 24 h
@inngest_client.create_function(
    fn_id="follow-up-after-int-seconds",
    trigger=inngest.TriggerEvent(event=FOLLOW_UP_SCHEDULED),
)
async def follow_up_after_int_seconds(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    await ctx.step.sleep("wait-follow-up-time", ctx.event.data["follow_up_time"])  # "seconds"
    await ctx.step.run("send-follow-up", send_follow_up, lead_id)
    return {"lead_id": lead_id}
# --8<-- [end:int_sleep]


# --8<-- [start:int_timeout]
# WRONG: an int timeout is milliseconds: 86400 is 86.4 s (refused, not whole seconds), 5 is 5 ms (refused)
@inngest_client.create_function(
    fn_id="await-reply-int-timeout",
    trigger=inngest.TriggerEvent(event=REPLY_AWAITED),
    retries=0,
)
async def await_reply_int_timeout(ctx: inngest.Context) -> dict:
    reply = await ctx.step.wait_for_event(
        "wait-for-reply",
        event=REPLY_RECEIVED,
        if_exp="async.data.lead_id == event.data.lead_id",
        timeout=ctx.event.data["timeout"],  # 86400 "= 24 hours"
    )
    return {"replied": reply is not None}
# --8<-- [end:int_timeout]


# --8<-- [start:right]
@inngest_client.create_function(
    fn_id="follow-up-after-timedelta",
    trigger=inngest.TriggerEvent(event=FOLLOW_UP_SCHEDULED_RIGHT),
)
async def follow_up_after_timedelta(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    # Say the unit: the event carries seconds, the step gets a timedelta.
    delay = datetime.timedelta(seconds=ctx.event.data["follow_up_seconds"])
    await ctx.step.sleep("wait-follow-up-time", delay)
    await ctx.step.run("send-follow-up", send_follow_up, lead_id)
    return {"lead_id": lead_id}
# --8<-- [end:right]


functions = [follow_up_after_int_seconds, await_reply_int_timeout, follow_up_after_timedelta]

app = FastAPI(title="mistake: millisecond ints")
inngest.fast_api.serve(app, inngest_client, functions)
