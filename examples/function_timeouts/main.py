"""FastAPI app: request a CSV export or a PDF rendering of a report.

Run it:  INNGEST_DEV=1 uvicorn examples.function_timeouts.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .config import settings
from .functions import EXPORT_REQUESTED, PDF_REQUESTED, functions

app = FastAPI(title="report exports")


@app.post("/reports/{report_id}/csv", status_code=202)
async def export_csv(report_id: str) -> dict:
    ids = await inngest_client.send(inngest.Event(name=EXPORT_REQUESTED, data={"report_id": report_id}))
    return {"report_id": report_id, "event_ids": ids}


@app.post("/reports/{report_id}/pdf", status_code=202)
async def export_pdf(report_id: str) -> dict:
    ids = await inngest_client.send(inngest.Event(name=PDF_REQUESTED, data={"report_id": report_id}))
    return {"report_id": report_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
