"""FastAPI app: enroll a user in a campaign; unsubscribing, converting or pausing the campaign stops it.

Run it:  INNGEST_DEV=1 uvicorn examples.drip_campaign.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .config import settings
from .functions import CAMPAIGN_PAUSED, USER_CONVERTED, USER_ENROLLED, USER_UNSUBSCRIBED, functions

app = FastAPI(title="drip campaigns")


async def _send(name: str, data: dict) -> list[str]:
    return await inngest_client.send(inngest.Event(name=name, data=data))


@app.post("/campaigns/{campaign_id}/users/{user_id}", status_code=202)
async def enroll(campaign_id: str, user_id: str) -> dict:
    return {"event_ids": await _send(USER_ENROLLED, {"user_id": user_id, "campaign_id": campaign_id})}


@app.post("/users/{user_id}/unsubscribe", status_code=202)
async def unsubscribe(user_id: str) -> dict:
    return {"event_ids": await _send(USER_UNSUBSCRIBED, {"user_id": user_id})}


@app.post("/users/{user_id}/convert", status_code=202)
async def convert(user_id: str) -> dict:
    return {"event_ids": await _send(USER_CONVERTED, {"user_id": user_id})}


@app.post("/campaigns/{campaign_id}/pause", status_code=202)
async def pause(campaign_id: str) -> dict:
    return {"event_ids": await _send(CAMPAIGN_PAUSED, {"campaign_id": campaign_id})}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
