"""Trial lifecycle emails."""

import asyncio
import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="trials")
REMINDER_DELAY = datetime.timedelta(seconds=int(os.environ.get("TRIAL_REMINDER_DELAY_S", 12 * 24 * 3600)))


@inngest_client.create_function(
    fn_id="trial-reminder",
    trigger=inngest.TriggerEvent(event="billing/trial.started"),
    cancel=[inngest.Cancel(event="billing/subscription.created", if_exp="async.data.user_id == event.data.user_id")],
)
async def trial_reminder(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    try:
        await ctx.step.sleep("wait-for-trial-end", REMINDER_DELAY)
    except asyncio.CancelledError:
        # WRONG: Inngest cancels a run by never calling it again; nothing here runs
        await ctx.step.run("record-conversion", services.record_conversion, user_id)
        raise
    await ctx.step.run("send-reminder", services.send_reminder, user_id)
    return {"user_id": user_id, "reminded": True}


app = FastAPI(title="trials")
inngest.fast_api.serve(app, inngest_client, [trial_reminder])
