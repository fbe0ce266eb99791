"""The seed's "Multiple Wait Branches (Race Condition)", with its string
durations and interpolated matches already fixed, so the only fault left is
the design: two waits in a row. A wait only sees events sent after it starts,
so a phone reply that arrives during the email wait is never seen, and an
email reply during the phone wait is not either.

Run it:  INNGEST_DEV=1 uvicorn mistakes.sequential_channel_waits.main:app --port 8000
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-sequential-channel-waits", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (lead_id, action) -> count

AWAIT_RESPONSE = "mistake-seq-waits/await-response"
EMAIL_REPLY = "mistake-seq-waits/email-reply"
CALL_COMPLETED = "mistake-seq-waits/call-completed"


@dataclass
class Settings:
    channel_window: datetime.timedelta = datetime.timedelta(hours=24)  # per wait, as in the seed


settings = Settings()


async def record(lead_id: str, action: str) -> dict:
    ledger[(lead_id, action)] += 1
    return {"lead_id": lead_id, "action": action}


# --8<-- [start:sequential_waits]
# WRONG: the phone wait starts only after the email wait ends; a call during the email wait is missed
@inngest_client.create_function(
    fn_id="multi-channel-response",
    trigger=inngest.TriggerEvent(event=AWAIT_RESPONSE),
)
async def await_multi_channel(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]

    email_reply = await ctx.step.wait_for_event(
        "wait-email",
        event=EMAIL_REPLY,
        if_exp="async.data.lead_id == event.data.lead_id",
        timeout=settings.channel_window,
    )
    if email_reply:
        await ctx.step.run("process-email", record, lead_id, "process-email")
        return {"lead_id": lead_id, "channel": "email"}

    phone_response = await ctx.step.wait_for_event(
        "wait-phone",
        event=CALL_COMPLETED,
        if_exp="async.data.lead_id == event.data.lead_id",
        timeout=settings.channel_window,
    )
    if phone_response:
        await ctx.step.run("process-phone", record, lead_id, "process-phone")
        return {"lead_id": lead_id, "channel": "phone"}

    await ctx.step.run("no-response", record, lead_id, "no-response")
    return {"lead_id": lead_id, "channel": None}
# --8<-- [end:sequential_waits]


functions = [await_multi_channel]

app = FastAPI(title="mistake: sequential channel waits")
inngest.fast_api.serve(app, inngest_client, functions)
