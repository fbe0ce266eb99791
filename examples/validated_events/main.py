"""FastAPI app: accept an order (validated at the boundary too) and process it in a workflow.

Run it:  INNGEST_DEV=1 uvicorn examples.validated_events.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .functions import ORDER_RECEIVED, OrderReceived, functions

app = FastAPI(title="validated intake")


@app.post("/orders", status_code=202)
async def receive_order(order: OrderReceived) -> dict:
    # The same model guards the API (a 422 here) and the function (which also
    # sees events sent by other producers).
    ids = await inngest_client.send(inngest.Event(name=ORDER_RECEIVED, data=order.model_dump()))
    return {"order_id": order.order_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
