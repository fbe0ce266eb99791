"""Signup service with the welcome series workflow."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="welcome-series")
TIPS_DELAY = datetime.timedelta(seconds=int(os.environ.get("TIPS_DELAY_S", 3 * 24 * 3600)))


@inngest_client.create_function(fn_id="send-welcome-series", trigger=inngest.TriggerEvent(event="users/signed.up"))
async def send_welcome_series(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    await ctx.step.run("send-welcome", services.send_email, user_id, "welcome")
    await ctx.step.sleep("wait-before-tips", TIPS_DELAY)
    await ctx.step.run("send-tips", services.send_email, user_id, "tips")
    return {"user_id": user_id, "sent": ["welcome", "tips"]}


app = FastAPI(title="signups")


@app.get("/health")
async def health() -> dict:
    return {"ok": True}


inngest.fast_api.serve(app, inngest_client, [send_welcome_series])
