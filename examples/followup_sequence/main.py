"""FastAPI app: schedule follow-ups for a lead; converting the lead stops them.

Run it:  INNGEST_DEV=1 uvicorn examples.followup_sequence.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .config import settings
from .functions import FOLLOWUP_REQUESTED, LEAD_CONVERTED, functions

app = FastAPI(title="follow-up sequence")


class FollowUpIn(BaseModel):
    email: str


@app.post("/leads/{lead_id}/follow-ups", status_code=202)
async def start_follow_ups(lead_id: str, body: FollowUpIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=FOLLOWUP_REQUESTED, data={"lead_id": lead_id, "email": body.email})
    )
    return {"lead_id": lead_id, "event_ids": ids}


@app.post("/leads/{lead_id}/convert", status_code=202)
async def convert(lead_id: str) -> dict:
    ids = await inngest_client.send(inngest.Event(name=LEAD_CONVERTED, data={"lead_id": lead_id}))
    return {"lead_id": lead_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
