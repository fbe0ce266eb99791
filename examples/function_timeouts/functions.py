import inngest

from . import services
from .client import inngest_client
from .config import settings

EXPORT_REQUESTED = "exports/csv.requested"
PDF_REQUESTED = "exports/pdf.requested"


# --8<-- [start:export_report]
@inngest_client.create_function(
    fn_id="export-report",
    trigger=inngest.TriggerEvent(event=EXPORT_REQUESTED),
    retries=0,
    # finish: counted from the run's start; when it passes, the run is CANCELLED.
    timeouts=inngest.Timeouts(finish=settings.export_finish_timeout),
)
async def export_report(ctx: inngest.Context) -> dict:
    report_id: str = ctx.event.data["report_id"]
    data = await ctx.step.run("query-rows", services.query_rows, report_id)
    rendered = await ctx.step.run("render", services.render, report_id, data["rows"])
    return await ctx.step.run("upload", services.upload, report_id, rendered["file"])
# --8<-- [end:export_report]


# --8<-- [start:render_pdf]
@inngest_client.create_function(
    fn_id="render-pdf",
    trigger=inngest.TriggerEvent(event=PDF_REQUESTED),
    retries=0,
    # One PDF at a time. A job that waited `start` in the queue without
    # starting is CANCELLED instead of running late.
    concurrency=[inngest.Concurrency(limit=1)],
    timeouts=inngest.Timeouts(start=settings.pdf_start_timeout),
)
async def render_pdf(ctx: inngest.Context) -> dict:
    return await ctx.step.run("render-pdf", services.render_pdf, ctx.event.data["report_id"])
# --8<-- [end:render_pdf]


functions = [export_report, render_pdf]
