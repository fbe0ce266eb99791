"""Lead follow-up emails."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="lead-followups")
GAP = datetime.timedelta(seconds=int(os.environ.get("FOLLOWUP_GAP_S", 2 * 24 * 3600)))
TEMPLATES = ["intro", "case-study", "last-call"]


@inngest_client.create_function(fn_id="followup-sequence", trigger=inngest.TriggerEvent(event="leads/created"))
async def followup_sequence(ctx: inngest.Context) -> dict:
    lead_id = ctx.event.data["lead_id"]
    for i, template in enumerate(TEMPLATES):
        if i > 0:
            await ctx.step.sleep(f"wait-before-{template}", GAP)
        body = await ctx.step.run(f"render-{template}", services.render, lead_id, template)
        await services.send_email(lead_id, template, body)  # WRONG: re-sent on every replay
    return {"lead_id": lead_id, "sent": TEMPLATES}


app = FastAPI(title="lead follow-ups")
inngest.fast_api.serve(app, inngest_client, [followup_sequence])
