"""FastAPI app: submit an ETL job; extract -> transform -> load run as three functions linked by events.

Run it:  INNGEST_DEV=1 uvicorn examples.pipeline_chain.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel

from .client import inngest_client
from .functions import JOB_SUBMITTED, functions

app = FastAPI(title="etl pipeline")


class JobIn(BaseModel):
    source: str


@app.post("/jobs", status_code=202)
async def submit_job(job: JobIn) -> dict:
    job_id = f"job_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(inngest.Event(name=JOB_SUBMITTED, data={"job_id": job_id, "source": job.source}))
    return {"job_id": job_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
