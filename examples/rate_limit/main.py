"""FastAPI app: stock updates that may raise an alert, and dashboard refresh requests.

Run it:  INNGEST_DEV=1 uvicorn examples.rate_limit.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import DASHBOARD_REFRESH, STOCK_LOW, functions

app = FastAPI(title="rate-limited alerts")


class StockUpdate(BaseModel):
    sku: str
    quantity: int = Field(ge=0)


class StockUpdatesIn(BaseModel):
    updates: list[StockUpdate] = Field(min_length=1)


@app.post("/stock-updates", status_code=202)
async def stock_updates(body: StockUpdatesIn) -> dict:
    # (save the quantities here) Low stock raises an alert event; the rate limit
    # on the alert function keeps a flapping SKU from paging every few seconds.
    items = [{"update_id": f"upd_{uuid.uuid4().hex[:12]}", **u.model_dump()} for u in body.updates]
    ids = await inngest_client.send([inngest.Event(name=STOCK_LOW, data=i) for i in items])
    return {"items": items, "event_ids": ids}


@app.post("/users/{user_id}/dashboard/refresh", status_code=202)
async def refresh(user_id: str, times: int = 1) -> dict:
    request_ids = [f"req_{uuid.uuid4().hex[:12]}" for _ in range(times)]
    events = [inngest.Event(name=DASHBOARD_REFRESH, data={"user_id": user_id, "request_id": r}) for r in request_ids]
    return {"request_ids": request_ids, "event_ids": await inngest_client.send(events)}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
