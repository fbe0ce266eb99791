"""Timers no example schedules with a long default: a Retry-After of hours and an event sent
with a `ts` a day ahead (a delayed start). Served in its own process, in cloud mode."""

from __future__ import annotations

import datetime

import inngest
import inngest.fast_api
from fastapi import FastAPI

client = inngest.Inngest(app_id="timeskip-timers")
RETRY_AFTER = datetime.timedelta(hours=6)


@client.create_function(fn_id="retry-later", trigger=inngest.TriggerEvent(event="timeskip/retry-later"), retries=1)
async def retry_later(ctx: inngest.Context) -> dict:
    async def call_partner() -> dict:
        if ctx.attempt == 0:
            raise inngest.RetryAfterError("partner busy", RETRY_AFTER)
        return {"attempt": ctx.attempt}

    return await ctx.step.run("call-partner", call_partner)


@client.create_function(fn_id="delayed-start", trigger=inngest.TriggerEvent(event="timeskip/delayed"))
async def delayed_start(ctx: inngest.Context) -> dict:
    return {"ts": ctx.event.ts}


app = FastAPI()
inngest.fast_api.serve(app, client, [retry_later, delayed_start])
