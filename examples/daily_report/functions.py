import datetime

import inngest

from . import services
from .client import inngest_client
from .config import DAILY_REPORT_CRON, DAILY_REPORT_JITTER


def report_date_for(event: inngest.Event) -> str:
    """The day to report on: given explicitly (a manual backfill), or the day
    before the run was scheduled. Pure and derived from the event, so every
    replay of the run computes the same date."""
    explicit = event.data.get("report_date")
    if isinstance(explicit, str):
        return datetime.date.fromisoformat(explicit).isoformat()  # validates the format
    scheduled = datetime.datetime.fromtimestamp(event.ts / 1000, tz=datetime.UTC)
    return (scheduled.date() - datetime.timedelta(days=1)).isoformat()


# --8<-- [start:daily_report]
@inngest_client.create_function(
    fn_id="daily-report",
    trigger=inngest.TriggerCron(cron=DAILY_REPORT_CRON, jitter=DAILY_REPORT_JITTER),
    retries=3,
)
async def daily_report(ctx: inngest.Context) -> dict:
    # A scheduled run's event is "inngest/scheduled.timer"; a manual run
    # (dashboard "Invoke", POST /invoke/<slug>, step.invoke) is
    # "inngest/function.invoked" and may carry {"report_date": "YYYY-MM-DD"}.
    report_date = report_date_for(ctx.event)
    stats = await ctx.step.run("collect-stats", services.collect_stats, report_date)
    report = await ctx.step.run("render-report", services.render_report, report_date, stats)
    sent = await ctx.step.run("email-report", services.email_report, report_date, report)
    return {"report_date": report_date, "orders": stats["orders"], **sent}
# --8<-- [end:daily_report]


functions = [daily_report]
