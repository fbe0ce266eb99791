"""FastAPI app: order lifecycle endpoints, each sending one event.

Run it:  INNGEST_DEV=1 uvicorn examples.order_events.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .functions import ORDER_CANCELLED, ORDER_PLACED, ORDER_UPDATED, functions

app = FastAPI(title="order events")


class Item(BaseModel):
    sku: str
    qty: int = Field(default=1, gt=0)


class OrderIn(BaseModel):
    amount: float = Field(ge=0)
    items: list[Item]


class CancelIn(BaseModel):
    reason: str = "customer request"


@app.post("/orders", status_code=202)
async def place_order(order: OrderIn) -> dict:
    order_id = f"ord_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=ORDER_PLACED, data={"order_id": order_id, **order.model_dump()})
    )
    return {"order_id": order_id, "event_ids": ids}


@app.put("/orders/{order_id}", status_code=202)
async def update_order(order_id: str, order: OrderIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=ORDER_UPDATED, data={"order_id": order_id, **order.model_dump()})
    )
    return {"order_id": order_id, "event_ids": ids}


@app.post("/orders/{order_id}/cancel", status_code=202)
async def cancel_order(order_id: str, body: CancelIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=ORDER_CANCELLED, data={"order_id": order_id, "reason": body.reason})
    )
    return {"order_id": order_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
