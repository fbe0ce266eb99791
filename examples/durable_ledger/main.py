"""FastAPI app: place an order; a workflow reserves stock, charges, waits, sends a receipt.

Run it:  INNGEST_DEV=1 DURABLE_LEDGER_PATH=/tmp/ledger.sqlite3 uvicorn examples.durable_ledger.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import ORDER_PLACED, functions

app = FastAPI(title="durable ledger")


class OrderIn(BaseModel):
    sku: str = Field(pattern=r"^[A-Z0-9-]{1,32}$")
    amount_cents: int = Field(gt=0)
    email: str


@app.post("/orders", status_code=202)
async def place_order(order: OrderIn) -> dict:
    order_id = f"ord_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(inngest.Event(name=ORDER_PLACED, data={"order_id": order_id, **order.model_dump()}))
    return {"order_id": order_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
