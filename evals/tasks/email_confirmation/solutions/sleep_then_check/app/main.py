"""Account activation."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="accounts")
CONFIRM_TIMEOUT = datetime.timedelta(seconds=int(os.environ.get("CONFIRM_TIMEOUT_S", 24 * 3600)))


@inngest_client.create_function(fn_id="activate-account", trigger=inngest.TriggerEvent(event="accounts/created"))
async def activate_account(ctx: inngest.Context) -> dict:
    user_id = ctx.event.data["user_id"]
    await ctx.step.run("send-confirmation", services.send_confirmation_email, user_id)
    # WRONG: never misses a confirmation, but activates only after the full timeout
    await ctx.step.sleep("wait-for-confirmation", CONFIRM_TIMEOUT)
    if not await ctx.step.run("check-confirmed", services.is_confirmed, user_id):
        await ctx.step.run("deactivate", services.deactivate, user_id)
        return {"user_id": user_id, "status": "deactivated"}
    await ctx.step.run("activate", services.activate, user_id)
    return {"user_id": user_id, "status": "active"}


app = FastAPI(title="accounts")
inngest.fast_api.serve(app, inngest_client, [activate_account])
