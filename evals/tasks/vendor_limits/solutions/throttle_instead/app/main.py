"""Account sync service."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="vendor-sync")
MAX_IN_FLIGHT = int(os.environ.get("VENDOR_MAX_IN_FLIGHT", "2"))


@inngest_client.create_function(
    fn_id="sync-account",
    trigger=inngest.TriggerEvent(event="vendor/sync.requested"),
    # WRONG: paces run starts per second; slow pushes overlap beyond the limit
    throttle=inngest.Throttle(limit=MAX_IN_FLIGHT, period=datetime.timedelta(seconds=1), key="event.data.tenant_id"),
)
async def sync_account(ctx: inngest.Context) -> dict:
    tenant_id = ctx.event.data["tenant_id"]
    account_id = ctx.event.data["account_id"]
    await ctx.step.run("push", services.push_to_vendor, tenant_id, account_id)
    return {"account_id": account_id, "pushed": True}


app = FastAPI(title="account sync")
inngest.fast_api.serve(app, inngest_client, [sync_account])
