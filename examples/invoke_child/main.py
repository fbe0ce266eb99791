"""FastAPI app: request a report; the parent function invokes one child run per section.

Run it:  INNGEST_DEV=1 uvicorn examples.invoke_child.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import BUILD_REQUESTED, functions

app = FastAPI(title="report builder")


class ReportIn(BaseModel):
    sections: list[str] = Field(min_length=1)
    required: list[str] = []


@app.post("/reports", status_code=202)
async def request_report(report: ReportIn) -> dict:
    report_id = f"rep_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=BUILD_REQUESTED, data={"report_id": report_id, **report.model_dump()})
    )
    return {"report_id": report_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
