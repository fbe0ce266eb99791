"""FastAPI app: a contact change is pushed to a rate-limited CRM by a workflow.

Run it:  INNGEST_DEV=1 uvicorn examples.retry_after.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import CONTACT_UPDATED, functions

app = FastAPI(title="crm sync")


class ContactIn(BaseModel):
    email: str


@app.put("/contacts/{contact_id}", status_code=202)
async def update_contact(contact_id: str, contact: ContactIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=CONTACT_UPDATED, data={"contact_id": contact_id, "email": contact.email})
    )
    return {"contact_id": contact_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
