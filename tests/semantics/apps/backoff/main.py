"""A step that fails on its first attempt, served in cloud mode against the
self-hosted server, which retries on the production backoff schedule.
Each attempt appends a line to the file named by SEMANTICS_BACKOFF_LOG."""

import os
import time

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-backoff")
JOB_REQUESTED = "semantics-backoff/job.requested"


def flaky(job_id: str, attempt: int) -> dict:
    with open(os.environ["SEMANTICS_BACKOFF_LOG"], "a") as log:
        log.write(f"{job_id} {attempt} {time.time()}\n")
    if attempt == 0:
        raise ConnectionError("first attempt fails")
    return {"job_id": job_id}


@inngest_client.create_function(fn_id="job", trigger=inngest.TriggerEvent(event=JOB_REQUESTED), retries=1)
async def job(ctx: inngest.Context) -> dict:
    return await ctx.step.run("flaky", flaky, ctx.event.data["job_id"], ctx.attempt)


functions = [job]
app = FastAPI(title="semantics: production backoff")
inngest.fast_api.serve(app, inngest_client, functions)
