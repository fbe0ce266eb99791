"""An on_failure handler that fails on its first call: is it retried?"""

from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-failure-handler")
JOB_REQUESTED = "semantics-failure-handler/job.requested"

ledger: Counter = Counter()  # (job_id, what) -> calls


async def alert(ctx: inngest.Context) -> None:
    job = ctx.event.data["event"]["data"]["job_id"]
    ledger[(job, "alert")] += 1
    if ledger[(job, "alert")] == 1:
        raise ConnectionError("pager API down")  # a retry would succeed


@inngest_client.create_function(
    fn_id="job",
    trigger=inngest.TriggerEvent(event=JOB_REQUESTED),
    retries=0,
    on_failure=alert,
)
async def job(ctx: inngest.Context) -> None:
    raise inngest.NonRetriableError("job failed")


functions = [job]
app = FastAPI(title="semantics: on_failure retries")
inngest.fast_api.serve(app, inngest_client, functions)
