import inngest

from . import services
from .client import inngest_client
from .config import settings

REPORT_REQUESTED = "mwaudit/report.requested"
REPORT_READY = "mwaudit/report.ready"


@inngest_client.create_function(fn_id="build-report", trigger=inngest.TriggerEvent(event=REPORT_REQUESTED))
async def build_report(ctx: inngest.Context) -> dict:
    report_id: str = ctx.event.data["report_id"]
    rows = await ctx.step.run("fetch-rows", services.fetch_rows, report_id)
    summary = await ctx.step.run("summarize", services.summarize, report_id, rows["rows"], settings.summarize_seconds)
    ids = await ctx.step.send_event("announce", inngest.Event(name=REPORT_READY, data={"report_id": report_id}))
    return {"report_id": report_id, **summary, "announced": ids[0]}


@inngest_client.create_function(fn_id="file-report", trigger=inngest.TriggerEvent(event=REPORT_READY))
async def file_report(ctx: inngest.Context) -> dict:
    return {"filed": ctx.event.data["report_id"], "origin": ctx.event.data.get("_origin")}


functions = [build_report, file_report]
