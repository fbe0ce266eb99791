"""FastAPI app: request shipping quotes from four carriers, then book the cheapest.

Run it:  INNGEST_DEV=1 uvicorn examples.parallel_steps.main:app --port 8000
"""

from typing import Literal

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import QUOTES_PARALLEL_REQUESTED, QUOTES_SEQUENTIAL_REQUESTED, functions

app = FastAPI(title="parallel steps")


class QuoteRequest(BaseModel):
    weight_kg: float = Field(gt=0)
    mode: Literal["parallel", "sequential"] = "parallel"


@app.post("/shipments/{shipment_id}/quotes", status_code=202)
async def request_quotes(shipment_id: str, body: QuoteRequest) -> dict:
    name = QUOTES_PARALLEL_REQUESTED if body.mode == "parallel" else QUOTES_SEQUENTIAL_REQUESTED
    ids = await inngest_client.send(
        inngest.Event(name=name, data={"shipment_id": shipment_id, "weight_kg": body.weight_kg})
    )
    return {"shipment_id": shipment_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
