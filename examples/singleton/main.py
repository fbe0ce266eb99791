"""FastAPI app: ask for a store's stock sync, or mark a dashboard stale.

Run it:  INNGEST_DEV=1 uvicorn examples.singleton.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import DASHBOARD_STALE, SYNC_REQUESTED, functions

app = FastAPI(title="store sync")


class SyncIn(BaseModel):
    request: str  # caller's request id, echoed in the result


class StaleIn(BaseModel):
    as_of: str  # timestamp of the newest data


@app.post("/stores/{store_id}/sync", status_code=202)
async def request_sync(store_id: str, body: SyncIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=SYNC_REQUESTED, data={"store_id": store_id, "request": body.request})
    )
    return {"store_id": store_id, "event_ids": ids}


@app.post("/dashboards/{dashboard_id}/stale", status_code=202)
async def mark_stale(dashboard_id: str, body: StaleIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=DASHBOARD_STALE, data={"dashboard_id": dashboard_id, "as_of": body.as_of})
    )
    return {"dashboard_id": dashboard_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
