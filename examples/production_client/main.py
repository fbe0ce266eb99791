"""FastAPI app whose Inngest endpoint only starts when its configuration is safe.

Production:  INNGEST_SIGNING_KEY=signkey-prod-... INNGEST_EVENT_KEY=... INNGEST_SERVE_ORIGIN=https://app.example.com uvicorn examples.production_client.main:app
Local:       INNGEST_DEV=1 uvicorn examples.production_client.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .config import check_inngest_config
from .functions import USER_SIGNED_UP, functions

# --8<-- [start:serve]
INNGEST_MODE = check_inngest_config(inngest_client)  # raises before anything is served

app = FastAPI(title="production client")
inngest.fast_api.serve(app, inngest_client, functions)
# --8<-- [end:serve]


class SignupIn(BaseModel):
    email: str


@app.post("/signups", status_code=202)
async def signup(body: SignupIn) -> dict:
    user_id = f"usr_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(inngest.Event(name=USER_SIGNED_UP, data={"user_id": user_id, "email": body.email}))
    return {"user_id": user_id, "event_ids": ids}


__all__ = ["INNGEST_MODE", "app", "functions", "inngest_client"]
