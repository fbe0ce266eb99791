"""FastAPI app: place an order; a failure at any step rolls back what was done.

Run it:  INNGEST_DEV=1 uvicorn examples.order_saga.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .functions import ORDER_PLACED, functions

app = FastAPI(title="order saga")


class OrderIn(BaseModel):
    items: list[str]
    amount: float = Field(gt=0)
    card: str  # a payment-provider token


@app.post("/orders/{order_id}", status_code=202)
async def place_order(order_id: str, order: OrderIn) -> dict:
    ids = await inngest_client.send(inngest.Event(name=ORDER_PLACED, data={"order_id": order_id, **order.model_dump()}))
    return {"order_id": order_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
