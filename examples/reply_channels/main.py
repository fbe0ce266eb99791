"""FastAPI app: start outreach to a lead, and one webhook per reply channel.

Each webhook turns its provider's payload into the same `outreach/lead.replied`
event ({lead_id, channel, text}), so the workflow needs a single wait.

Run it:  INNGEST_DEV=1 uvicorn examples.reply_channels.main:app --port 8000
"""

from typing import Annotated

import inngest
import inngest.fast_api
from fastapi import FastAPI, Path
from pydantic import BaseModel, Field

from . import services
from .client import inngest_client
from .config import settings
from .functions import AWAITING_REPLY, LEAD_REPLIED, functions

app = FastAPI(title="reply channels")


class OutreachIn(BaseModel):
    email: str
    phone: str | None = None


class InboundEmail(BaseModel):  # shaped like an email provider's inbound-parse webhook
    sender: str = Field(alias="from")
    to: str
    text: str


class InboundSMS(BaseModel):  # shaped like an SMS provider's webhook
    From: str
    Body: str


class CallCompleted(BaseModel):  # shaped like a voice provider's status callback
    to: str
    outcome: str  # "answered" | "no-answer" | "voicemail"
    notes: str = ""


# lead_id ends up in a wait's match. Server v1.44.0 never matches a value with a
# double quote or a backslash there (tests/mistakes/test_interpolated_match.py),
# so ids are kept to a safe alphabet.
LeadId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


@app.post("/leads/{lead_id}/outreach", status_code=202)
async def start_outreach(lead_id: LeadId, body: OutreachIn) -> dict:
    services.register_lead(lead_id, body.phone)
    ids = await inngest_client.send(inngest.Event(name=AWAITING_REPLY, data={"lead_id": lead_id, **body.model_dump()}))
    return {"lead_id": lead_id, "event_ids": ids}


# --8<-- [start:reply_webhooks]
async def emit_reply(lead_id: str | None, channel: str, text: str) -> dict:
    if lead_id is None:
        return {"matched": False}  # not one of our leads: nothing to resume
    ids = await inngest_client.send(
        inngest.Event(name=LEAD_REPLIED, data={"lead_id": lead_id, "channel": channel, "text": text})
    )
    return {"matched": True, "lead_id": lead_id, "event_ids": ids}


@app.post("/webhooks/email", status_code=202)
async def inbound_email(msg: InboundEmail) -> dict:
    return await emit_reply(services.lead_from_reply_address(msg.to), "email", msg.text)


@app.post("/webhooks/sms", status_code=202)
async def inbound_sms(msg: InboundSMS) -> dict:
    return await emit_reply(services.lead_from_phone(msg.From), "sms", msg.Body)


@app.post("/webhooks/call-completed", status_code=202)
async def call_completed(call: CallCompleted) -> dict:
    if call.outcome != "answered":
        return {"matched": False}  # a missed call is not a reply
    return await emit_reply(services.lead_from_phone(call.to), "phone", call.notes)
# --8<-- [end:reply_webhooks]


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
