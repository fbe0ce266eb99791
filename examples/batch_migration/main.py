"""FastAPI app: start a migration of a legacy table; it runs as a chain of runs of K batches each.

Run it:  INNGEST_DEV=1 uvicorn examples.batch_migration.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

from . import services
from .client import inngest_client
from .config import settings
from .functions import MIGRATION_STARTED, functions

app = FastAPI(title="record migration")


class MigrationIn(BaseModel):
    table: str


@app.post("/migrations", status_code=202)
async def start_migration(body: MigrationIn) -> dict:
    if body.table not in services.legacy_tables:
        raise HTTPException(404, f"no legacy table {body.table!r}")
    migration_id = f"mig_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=MIGRATION_STARTED, data={"migration_id": migration_id, "table": body.table})
    )
    return {"migration_id": migration_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
