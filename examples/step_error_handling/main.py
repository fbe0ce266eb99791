"""FastAPI app: request an FX quote; a dead rate provider falls back to cached rates.

Run it:  INNGEST_DEV=1 uvicorn examples.step_error_handling.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import QUOTE_REQUESTED, functions

app = FastAPI(title="fx quotes")


class QuoteIn(BaseModel):
    currency: str
    amount: float


@app.post("/quotes/{quote_id}", status_code=202)
async def request_quote(quote_id: str, quote: QuoteIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=QUOTE_REQUESTED, data={"quote_id": quote_id, **quote.model_dump()})
    )
    return {"quote_id": quote_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
