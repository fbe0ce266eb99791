"""FastAPI app: every document save sends an event; indexing waits for the edits to settle.

Run it:  INNGEST_DEV=1 uvicorn examples.debounce.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .config import settings
from .functions import DOCUMENT_EDITED, functions

app = FastAPI(title="search indexer")


class EditIn(BaseModel):
    revision: int


@app.post("/documents/{document_id}/edits", status_code=202)
async def record_edit(document_id: str, edit: EditIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=DOCUMENT_EDITED, data={"document_id": document_id, "revision": edit.revision})
    )
    return {"document_id": document_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
