import inngest

from . import services
from .client import inngest_client
from .config import settings

TICKET_OPENED = "support-priority/ticket.opened"
BACKFILL_REQUESTED = "support-priority/backfill.requested"


# --8<-- [start:triage_ticket]
@inngest_client.create_function(
    fn_id="triage-ticket",
    trigger=inngest.TriggerEvent(event=TICKET_OPENED),
    concurrency=[inngest.Concurrency(limit=settings.triage_slots)],
    # Enterprise tickets jump ahead of anything queued up to 10 minutes before them.
    priority=inngest.Priority(run="event.data.plan == 'enterprise' ? 600 : 0"),
    retries=0,
)
async def triage_ticket(ctx: inngest.Context) -> dict:
    return await ctx.step.run("triage", services.triage_ticket, ctx.event.data["ticket_id"])
# --8<-- [end:triage_ticket]


# --8<-- [start:backfill_table]
@inngest_client.create_function(
    fn_id="backfill-table",
    trigger=inngest.TriggerEvent(event=BACKFILL_REQUESTED),
    concurrency=[inngest.Concurrency(limit=settings.backfill_slots)],
    # A numeric field from the event: JSON numbers are floats in expressions and
    # a non-integer result is silently ignored (priority 0), hence int().
    priority=inngest.Priority(run="int(event.data.urgency_s)"),
    retries=0,
)
async def backfill_table(ctx: inngest.Context) -> dict:
    return await ctx.step.run("backfill", services.backfill_table, ctx.event.data["job_id"])
# --8<-- [end:backfill_table]


functions = [triage_ticket, backfill_table]
