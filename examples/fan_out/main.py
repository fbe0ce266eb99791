"""FastAPI app: submit a large batch (events + completion store) or a small album (parallel invoke).

Run it:  INNGEST_DEV=1 uvicorn examples.fan_out.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import ALBUM_SUBMITTED, BATCH_SUBMITTED, functions

app = FastAPI(title="media batches")


class Image(BaseModel):
    id: str
    url: str


class ImagesIn(BaseModel):
    items: list[Image] = Field(min_length=1)


@app.post("/batches", status_code=202)
async def submit_batch(body: ImagesIn) -> dict:
    batch_id = f"batch_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=BATCH_SUBMITTED, data={"batch_id": batch_id, "items": body.model_dump()["items"]})
    )
    return {"batch_id": batch_id, "event_ids": ids}


@app.post("/albums", status_code=202)
async def submit_album(body: ImagesIn) -> dict:
    album_id = f"album_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=ALBUM_SUBMITTED, data={"album_id": album_id, "items": body.model_dump()["items"]})
    )
    return {"album_id": album_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
