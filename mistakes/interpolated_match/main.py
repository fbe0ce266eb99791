"""The seeds' f-string match expressions, served as written (timeouts fixed).

`if_exp=f"async.data.lead_id == '{lead_id}'"` pastes data into expression
source. It works for plain ids and breaks on a value with a quote in it
(O'Brien, a free-text field, an id from a partner system). Comparing fields,
`"async.data.lead_id == event.data.lead_id"`, needs no quoting at all.

Run it:  INNGEST_DEV=1 uvicorn mistakes.interpolated_match.main:app --port 8000
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-interpolated-match", logger=logging.getLogger("uvicorn"))
ledger: Counter = Counter()  # (lead_id, action) -> count

AWAIT_REPLY = "mistake-interp/await-reply"
AWAIT_REPLY_RIGHT = "mistake-interp/await-reply-right"
REPLY_RECEIVED = "mistake-interp/reply-received"


@dataclass
class Settings:
    reply_timeout: datetime.timedelta = datetime.timedelta(days=7)


settings = Settings()


async def record(lead_id: str, action: str) -> dict:
    ledger[(lead_id, action)] += 1
    return {"lead_id": lead_id, "action": action}


# --8<-- [start:interpolated]
# WRONG: the value becomes expression source; a quote in it breaks (or rewrites) the expression
@inngest_client.create_function(
    fn_id="await-reply-interpolated",
    trigger=inngest.TriggerEvent(event=AWAIT_REPLY),
)
async def await_reply_interpolated(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    reply = await ctx.step.wait_for_event(
        "wait-for-reply",
        event=REPLY_RECEIVED,
        if_exp=f"async.data.lead_id == '{lead_id}'",
        timeout=settings.reply_timeout,
    )
    if reply is None:
        await ctx.step.run("handle-no-reply", record, lead_id, "no-reply")
        return {"lead_id": lead_id, "replied": False}
    await ctx.step.run("process-reply", record, lead_id, "process-reply")
    return {"lead_id": lead_id, "replied": True}
# --8<-- [end:interpolated]


# --8<-- [start:field_comparison]
@inngest_client.create_function(
    fn_id="await-reply-field-comparison",
    trigger=inngest.TriggerEvent(event=AWAIT_REPLY_RIGHT),
)
async def await_reply_field_comparison(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    reply = await ctx.step.wait_for_event(
        "wait-for-reply",
        event=REPLY_RECEIVED,
        # The server compares the two events' fields; no value is quoted.
        if_exp="async.data.lead_id == event.data.lead_id",
        timeout=settings.reply_timeout,
    )
    if reply is None:
        await ctx.step.run("handle-no-reply", record, lead_id, "no-reply")
        return {"lead_id": lead_id, "replied": False}
    await ctx.step.run("process-reply", record, lead_id, "process-reply")
    return {"lead_id": lead_id, "replied": True}
# --8<-- [end:field_comparison]


functions = [await_reply_interpolated, await_reply_field_comparison]

app = FastAPI(title="mistake: interpolated match")
inngest.fast_api.serve(app, inngest_client, functions)
