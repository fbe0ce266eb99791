"""FastAPI app: a bulk contact import and digest sends, paced by throttles.

The import endpoint sends one event per contact at once; the throttle spreads
the partner API calls over time instead of rejecting any.

Run it:  INNGEST_DEV=1 uvicorn examples.throttle.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import CONTACT_CHANGED, DIGEST_DUE, functions

app = FastAPI(title="throttled partner sync")


class ContactsIn(BaseModel):
    contact_ids: list[str] = Field(min_length=1)


class DigestsIn(BaseModel):
    count: int = Field(ge=1, le=100)


@app.post("/workspaces/{workspace_id}/contacts/import", status_code=202)
async def import_contacts(workspace_id: str, body: ContactsIn) -> dict:
    events = [
        inngest.Event(name=CONTACT_CHANGED, data={"contact_id": c, "workspace_id": workspace_id})
        for c in body.contact_ids
    ]
    return {"event_ids": await inngest_client.send(events)}


@app.post("/workspaces/{workspace_id}/digests", status_code=202)
async def send_digests(workspace_id: str, body: DigestsIn) -> dict:
    digest_ids = [f"dig_{uuid.uuid4().hex[:12]}" for _ in range(body.count)]
    events = [inngest.Event(name=DIGEST_DUE, data={"digest_id": d, "workspace_id": workspace_id}) for d in digest_ids]
    return {"digest_ids": digest_ids, "event_ids": await inngest_client.send(events)}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
