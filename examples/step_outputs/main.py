"""FastAPI app: ask for a renewal quote; the workflow's steps return JSON.

Run it:  INNGEST_DEV=1 uvicorn examples.step_outputs.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .functions import QUOTE_REQUESTED, TYPED_QUOTE_REQUESTED, functions

app = FastAPI(title="step outputs")


@app.post("/accounts/{account_id}/renewal-quote", status_code=202)
async def request_quote(account_id: str, typed: bool = False) -> dict:
    name = TYPED_QUOTE_REQUESTED if typed else QUOTE_REQUESTED
    ids = await inngest_client.send(inngest.Event(name=name, data={"account_id": account_id}))
    return {"account_id": account_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
