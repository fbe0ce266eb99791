"""FastAPI app serving the tour workflow.

Run it:  INNGEST_DEV=1 uvicorn examples.api_tour.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .config import settings
from .functions import TOUR_REPLIED, TOUR_STARTED, functions

# --8<-- [start:serve]
app = FastAPI()


@app.post("/orders/{order_id}", status_code=202)
async def place_order(order_id: str) -> dict:
    # client.send is fine in an endpoint; inside a workflow use step.send_event.
    ids = await inngest_client.send(inngest.Event(name=TOUR_STARTED, data={"order_id": order_id}))
    return {"event_ids": ids}


@app.post("/orders/{order_id}/reply", status_code=202)
async def reply(order_id: str) -> dict:
    ids = await inngest_client.send(inngest.Event(name=TOUR_REPLIED, data={"order_id": order_id}))
    return {"event_ids": ids}


# Serves the functions at /api/inngest (GET: inspect, PUT: sync, POST: run).
inngest.fast_api.serve(app, inngest_client, functions)
# --8<-- [end:serve]

__all__ = ["app", "functions", "inngest_client", "settings"]
