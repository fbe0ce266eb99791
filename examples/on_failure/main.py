"""FastAPI app: import a supplier catalog; if the import finally fails, ops is paged once.

Run it:  INNGEST_DEV=1 uvicorn examples.on_failure.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import CATALOG_IMPORT_REQUESTED, functions

app = FastAPI(title="catalog import")


class ImportIn(BaseModel):
    feed_url: str


@app.post("/catalogs/{catalog_id}/import", status_code=202)
async def request_import(catalog_id: str, body: ImportIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=CATALOG_IMPORT_REQUESTED, data={"catalog_id": catalog_id, "feed_url": body.feed_url})
    )
    return {"catalog_id": catalog_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
