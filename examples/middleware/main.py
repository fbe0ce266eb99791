"""FastAPI app: request a report; the middleware audits every request of its run.

Run it:  INNGEST_DEV=1 uvicorn examples.middleware.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .config import settings
from .functions import REPORT_REQUESTED, functions

app = FastAPI(title="middleware")


@app.post("/reports", status_code=202)
async def request_report() -> dict:
    report_id = f"rep_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(inngest.Event(name=REPORT_REQUESTED, data={"report_id": report_id}))
    return {"report_id": report_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
