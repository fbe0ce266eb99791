"""FastAPI app: place an order; the workflow reserves each line, then charges.

Run it:  INNGEST_DEV=1 uvicorn examples.order_items.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .functions import ORDER_PLACED, functions

app = FastAPI(title="order items")


class Line(BaseModel):
    sku: str
    qty: int = Field(gt=0)
    unit_price: float = Field(ge=0)


class OrderIn(BaseModel):
    customer_id: str
    items: list[Line] = Field(min_length=1)


@app.post("/orders", status_code=202)
async def place_order(order: OrderIn) -> dict:
    order_id = f"ord_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=ORDER_PLACED, data={"order_id": order_id, **order.model_dump()})
    )
    return {"order_id": order_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
