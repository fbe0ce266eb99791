import inngest

from . import services
from .client import inngest_client

REPORT_IMPORT_REQUESTED = "report/import.requested"
REPORT_IMPORT_DEFAULTS_REQUESTED = "report/import-defaults.requested"


# --8<-- [start:import_report]
@inngest_client.create_function(
    fn_id="import-report",
    trigger=inngest.TriggerEvent(event=REPORT_IMPORT_REQUESTED),
    # 2 retries = up to 3 attempts for EACH step: the counter restarts at 0
    # for every new step, it is not a budget shared by the whole run.
    retries=2,
)
async def import_report(ctx: inngest.Context) -> dict:
    report_id: str = ctx.event.data["report_id"]
    # A plain exception raised in a step is retried; ctx.attempt is 0 on the
    # first try of the step being executed, 1 on its first retry, and so on.
    report = await ctx.step.run("fetch-report", services.fetch_report, report_id, ctx.attempt)
    stored = await ctx.step.run("store-report", services.store_report, report_id, report["rows"], ctx.attempt)
    return {"report_id": report_id, **stored}
# --8<-- [end:import_report]


# --8<-- [start:default_retries]
@inngest_client.create_function(
    fn_id="import-report-default-retries",
    trigger=inngest.TriggerEvent(event=REPORT_IMPORT_DEFAULTS_REQUESTED),
    # no retries=: the server's default applies (4 retries, 5 attempts per step)
)
async def import_report_default_retries(ctx: inngest.Context) -> dict:
    report_id: str = ctx.event.data["report_id"]
    report = await ctx.step.run("fetch-report", services.fetch_report, report_id, ctx.attempt)
    return {"report_id": report_id, "rows": report["rows"]}
# --8<-- [end:default_retries]


functions = [import_report, import_report_default_retries]
