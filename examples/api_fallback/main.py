"""FastAPI app: an inbound support message starts a workflow that drafts a reply.

Run it:  INNGEST_DEV=1 uvicorn examples.api_fallback.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import MESSAGE_RECEIVED, functions

app = FastAPI(title="support replies")


class MessageIn(BaseModel):
    message_body: str
    customer_email: str


@app.post("/conversations/{conversation_id}/messages", status_code=202)
async def receive(conversation_id: str, message: MessageIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=MESSAGE_RECEIVED, data={"conversation_id": conversation_id, **message.model_dump()})
    )
    return {"conversation_id": conversation_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
