"""FastAPI app: place orders (retried webhooks may repeat them) and request receipts.

Run it:  INNGEST_DEV=1 uvicorn examples.idempotency.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .functions import ORDER_PLACED, RECEIPT_REQUESTED, functions

app = FastAPI(title="order billing")


class OrderIn(BaseModel):
    amount: float = Field(gt=0)


class ReceiptIn(BaseModel):
    email: str


@app.post("/orders/{order_id}", status_code=202)
async def place_order(order_id: str, order: OrderIn) -> dict:
    # A payment webhook may deliver the same order twice; charge-order's
    # idempotency key (event.data.order_id) makes the second send start nothing.
    ids = await inngest_client.send(
        inngest.Event(name=ORDER_PLACED, data={"order_id": order_id, "amount": order.amount})
    )
    return {"order_id": order_id, "event_ids": ids}


# --8<-- [start:receipt_endpoint]
@app.post("/orders/{order_id}/receipt", status_code=202)
async def request_receipt(order_id: str, body: ReceiptIn) -> dict:
    # A deterministic event id: sending it again (a retried request, a
    # double click) starts no second run of any function triggered by it.
    ids = await inngest_client.send(
        inngest.Event(
            id=f"receipt-{order_id}",
            name=RECEIPT_REQUESTED,
            data={"order_id": order_id, "email": body.email},
        )
    )
    return {"order_id": order_id, "event_ids": ids}
# --8<-- [end:receipt_endpoint]


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
