"""FastAPI app: page views come in one by one (or in bulk); the loader writes them in batches.

Run it:  INNGEST_DEV=1 uvicorn examples.batching.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import PAGE_VIEWED, functions

app = FastAPI(title="page-view loader")


class PageViewsIn(BaseModel):
    seqs: list[int] = Field(min_length=1)  # client-side sequence numbers of the views


@app.post("/accounts/{account_id}/page-views", status_code=202)
async def record_page_views(account_id: str, body: PageViewsIn) -> dict:
    ids = await inngest_client.send(
        [inngest.Event(name=PAGE_VIEWED, data={"account_id": account_id, "seq": seq}) for seq in body.seqs]
    )
    return {"account_id": account_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
