"""FastAPI app: sensors post readings in bulk; each reading is stored by a concurrency-limited workflow.

Run it:  INNGEST_DEV=1 uvicorn examples.ingest_burst.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import READING_RECEIVED, functions

app = FastAPI(title="reading ingest")


class ReadingsIn(BaseModel):
    sensor: str = Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")
    reading_ids: list[str] = Field(min_length=1, max_length=1000)


@app.post("/readings", status_code=202)
async def post_readings(body: ReadingsIn) -> dict:
    events = [inngest.Event(name=READING_RECEIVED, data={"reading_id": r, "sensor": body.sensor}) for r in body.reading_ids]
    ids = await inngest_client.send(events)
    return {"accepted": len(ids)}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
