"""FastAPI app: open support tickets and request table backfills.

Run it:  INNGEST_DEV=1 uvicorn examples.priority.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import BACKFILL_REQUESTED, TICKET_OPENED, functions

app = FastAPI(title="prioritized support queue")


class TicketIn(BaseModel):
    ticket_id: str
    plan: str = "free"


class TicketsIn(BaseModel):
    tickets: list[TicketIn] = Field(min_length=1)


class BackfillIn(BaseModel):
    job_id: str
    # +N: start ahead of work queued up to N s earlier; -N: every step runs N s later. Clamped to +/-12 h.
    urgency_s: int = 0


class BackfillsIn(BaseModel):
    jobs: list[BackfillIn] = Field(min_length=1)


@app.post("/tickets", status_code=202)
async def open_tickets(body: TicketsIn) -> dict:
    events = [inngest.Event(name=TICKET_OPENED, data=t.model_dump()) for t in body.tickets]
    return {"event_ids": await inngest_client.send(events)}


@app.post("/backfills", status_code=202)
async def request_backfills(body: BackfillsIn) -> dict:
    events = [inngest.Event(name=BACKFILL_REQUESTED, data=j.model_dump()) for j in body.jobs]
    return {"event_ids": await inngest_client.send(events)}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
