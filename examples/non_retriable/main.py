"""FastAPI app: request a payout. Closed accounts and bad amounts fail without retries.

Run it:  INNGEST_DEV=1 uvicorn examples.non_retriable.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import PAYOUT_REQUESTED, functions

app = FastAPI(title="payouts")


class PayoutIn(BaseModel):
    account: str
    amount: float  # validated by the workflow, to show a handler-level NonRetriableError


@app.post("/payouts/{payout_id}", status_code=202)
async def request_payout(payout_id: str, payout: PayoutIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=PAYOUT_REQUESTED, data={"payout_id": payout_id, **payout.model_dump()})
    )
    return {"payout_id": payout_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
