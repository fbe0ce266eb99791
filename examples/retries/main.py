"""FastAPI app: request a report import; flaky upstream calls are retried per step.

Run it:  INNGEST_DEV=1 uvicorn examples.retries.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from .client import inngest_client
from .functions import REPORT_IMPORT_REQUESTED, functions

app = FastAPI(title="report import")


@app.post("/reports/{report_id}/import", status_code=202)
async def request_import(report_id: str) -> dict:
    ids = await inngest_client.send(inngest.Event(name=REPORT_IMPORT_REQUESTED, data={"report_id": report_id}))
    return {"report_id": report_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
