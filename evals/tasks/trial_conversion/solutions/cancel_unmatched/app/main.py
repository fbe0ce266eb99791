"""Trial lifecycle emails."""

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
    cancel=[inngest.Cancel(event="billing/subscription.created")],
)  # WRONG: no match, any subscription cancels every trial
async def trial_reminder(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    await ctx.step.sleep("wait-for-trial-end", REMINDER_DELAY)
    await ctx.step.run("send-reminder", services.send_reminder, user_id)
    return {"user_id": user_id, "reminded": True}


@inngest_client.create_function(
    fn_id="count-conversion", trigger=inngest.TriggerEvent(event="billing/subscription.created")
)
async def count_conversion(ctx: inngest.Context) -> dict:
    # WRONG: counts every subscription, whether or not a trial was pending
    await ctx.step.run("record-conversion", services.record_conversion, ctx.event.data["user_id"])
    return {"user_id": ctx.event.data["user_id"]}


app = FastAPI(title="trials")
inngest.fast_api.serve(app, inngest_client, [trial_reminder, count_conversion])
