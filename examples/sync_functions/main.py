"""FastAPI app with a sync (def) endpoint that sends with client.send_sync.

Run it:  INNGEST_DEV=1 uvicorn examples.sync_functions.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .config import settings
from .functions import CATALOG_REFRESH_REQUESTED, functions

app = FastAPI(title="sync functions")


# --8<-- [start:sync_endpoint]
@app.post("/catalogs/refresh", status_code=202)
def refresh(catalog_id: str | None = None) -> dict:  # FastAPI runs a plain def in its thread pool
    catalog_id = catalog_id or f"cat_{uuid.uuid4().hex[:12]}"
    ids = inngest_client.send_sync(inngest.Event(name=CATALOG_REFRESH_REQUESTED, data={"catalog_id": catalog_id}))
    return {"catalog_id": catalog_id, "event_ids": ids}
# --8<-- [end:sync_endpoint]


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
