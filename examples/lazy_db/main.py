"""FastAPI app: a new ticket is stored by a workflow; nothing connects to the DB at import.

Run it:  INNGEST_DEV=1 TICKETS_DB_PATH=/tmp/tickets.sqlite3 uvicorn examples.lazy_db.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .config import settings
from .functions import TICKET_CREATED, functions

app = FastAPI(title="ticket store")


class TicketIn(BaseModel):
    subject: str


@app.post("/tickets/{ticket_id}", status_code=202)
async def create_ticket(ticket_id: str, ticket: TicketIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=TICKET_CREATED, data={"ticket_id": ticket_id, "subject": ticket.subject})
    )
    return {"ticket_id": ticket_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
