"""Trial lifecycle emails."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="trials")
REMINDER_DELAY = datetime.timedelta(seconds=int(os.environ.get("TRIAL_REMINDER_DELAY_S", 12 * 24 * 3600)))


@inngest_client.create_function(fn_id="trial-reminder", trigger=inngest.TriggerEvent(event="billing/trial.started"))
async def trial_reminder(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    await ctx.step.sleep("wait-for-trial-end", REMINDER_DELAY)
    await ctx.step.run("send-reminder", services.send_reminder, user_id)
    return {"user_id": user_id, "reminded": True}


app = FastAPI(title="trials")
inngest.fast_api.serve(app, inngest_client, [trial_reminder])
