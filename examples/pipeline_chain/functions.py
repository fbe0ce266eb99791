import inngest

from . import services
from .client import inngest_client

JOB_SUBMITTED = "etl/job.submitted"
JOB_EXTRACTED = "etl/job.extracted"
JOB_TRANSFORMED = "etl/job.transformed"


# --8<-- [start:stage_one]
@inngest_client.create_function(
    fn_id="etl-extract",
    trigger=inngest.TriggerEvent(event=JOB_SUBMITTED),
    retries=3,
)
async def extract(ctx: inngest.Context) -> dict:
    job_id: str = ctx.event.data["job_id"]
    extracted = await ctx.step.run("extract", services.extract, job_id, ctx.event.data["source"])

    # A step: on any later retry of this run the send is replayed from memory,
    # so stage 2 starts once. Its return value is the list of event ids.
    await ctx.step.send_event(
        "start-transform",
        inngest.Event(name=JOB_EXTRACTED, data={"job_id": job_id, "rows": extracted["rows"]}),
    )
    await ctx.step.run("record-lineage", services.record_lineage, job_id, "extract")
    return {"job_id": job_id, "extracted": len(extracted["rows"])}
# --8<-- [end:stage_one]


@inngest_client.create_function(
    fn_id="etl-transform",
    trigger=inngest.TriggerEvent(event=JOB_EXTRACTED),
    retries=3,
)
async def transform(ctx: inngest.Context) -> dict:
    job_id: str = ctx.event.data["job_id"]
    transformed = await ctx.step.run("transform", services.transform, job_id, ctx.event.data["rows"])
    await ctx.step.send_event(
        "start-load",
        inngest.Event(name=JOB_TRANSFORMED, data={"job_id": job_id, "rows": transformed["rows"]}),
    )
    await ctx.step.run("record-lineage", services.record_lineage, job_id, "transform")
    return {"job_id": job_id, "transformed": len(transformed["rows"])}


@inngest_client.create_function(
    fn_id="etl-load",
    trigger=inngest.TriggerEvent(event=JOB_TRANSFORMED),
    retries=3,
)
async def load(ctx: inngest.Context) -> dict:
    job_id: str = ctx.event.data["job_id"]
    loaded = await ctx.step.run("load", services.load, job_id, ctx.event.data["rows"])
    return {"job_id": job_id, **loaded, "rows": ctx.event.data["rows"]}


functions = [extract, transform, load]
