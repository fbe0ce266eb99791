import inngest

from . import services
from .client import inngest_client
from .config import settings

REPORT_REQUESTED = "reports-render/report.requested"
ACCOUNT_SYNC_REQUESTED = "crm-sync/account.sync-requested"
LEDGER_EXPORT_REQUESTED = "ledger-export/export.requested"


# --8<-- [start:global_limit]
@inngest_client.create_function(
    fn_id="render-report",
    trigger=inngest.TriggerEvent(event=REPORT_REQUESTED),
    # At most `render_slots` steps of this function execute at once, across all
    # runs. Extra runs wait in the queue; none is dropped.
    concurrency=[inngest.Concurrency(limit=settings.render_slots)],
    retries=0,
)
async def render_report(ctx: inngest.Context) -> dict:
    return await ctx.step.run("render", services.render_report, ctx.event.data["report_id"])
# --8<-- [end:global_limit]


# --8<-- [start:keyed_limit]
@inngest_client.create_function(
    fn_id="sync-account",
    trigger=inngest.TriggerEvent(event=ACCOUNT_SYNC_REQUESTED),
    # One limit *per distinct value* of the key: syncs of one account run one at
    # a time, syncs of different accounts run side by side.
    concurrency=[inngest.Concurrency(limit=settings.syncs_per_account, key="event.data.account_id")],
    retries=0,
)
async def sync_account(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("sync", services.sync_account, data["sync_id"], data["account_id"])
# --8<-- [end:keyed_limit]


# --8<-- [start:global_and_keyed]
@inngest_client.create_function(
    fn_id="export-ledger",
    trigger=inngest.TriggerEvent(event=LEDGER_EXPORT_REQUESTED),
    # Both limits hold at once. The server accepts at most two concurrency
    # constraints per function; a third fails the sync.
    concurrency=[
        inngest.Concurrency(limit=settings.export_slots),
        inngest.Concurrency(limit=settings.exports_per_account, key="event.data.account_id"),
    ],
    retries=0,
)
async def export_ledger(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("export", services.export_ledger, data["export_id"], data["account_id"])
# --8<-- [end:global_and_keyed]


functions = [render_report, sync_account, export_ledger]
