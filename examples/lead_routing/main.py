"""FastAPI app: `POST /leads` records a lead and starts the routing workflow.

Run it:  INNGEST_DEV=1 uvicorn examples.lead_routing.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import LEAD_CREATED, functions

app = FastAPI(title="lead routing")


class LeadIn(BaseModel):
    name: str
    email: str
    phone: str | None = None
    role: str | None = None
    company: str = ""
    company_size: int = 0


@app.post("/leads", status_code=202)
async def create_lead(lead: LeadIn) -> dict:
    lead_id = f"lead_{uuid.uuid4().hex[:12]}"
    # (save the lead to your database here)
    ids = await inngest_client.send(
        inngest.Event(name=LEAD_CREATED, data={"lead_id": lead_id, "lead": lead.model_dump()})
    )
    return {"lead_id": lead_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)
