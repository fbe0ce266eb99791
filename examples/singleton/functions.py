import inngest

from . import services
from .client import inngest_client

SYNC_REQUESTED = "store/inventory.sync-requested"
DASHBOARD_STALE = "store/dashboard.stale"


# --8<-- [start:sync_inventory]
@inngest_client.create_function(
    fn_id="sync-store-inventory",
    trigger=inngest.TriggerEvent(event=SYNC_REQUESTED),
    # While a sync for this store runs, new requests are skipped: the running
    # sync already fetches the latest stock, a second one would only duplicate it.
    singleton=inngest.Singleton(key="event.data.store_id", mode="skip"),
)
async def sync_inventory(ctx: inngest.Context) -> dict:
    store_id: str = ctx.event.data["store_id"]
    request: str = ctx.event.data["request"]
    stock = await ctx.step.run("fetch-stock", services.fetch_stock, store_id, request)
    return await ctx.step.run("push-stock", services.push_stock, store_id, request, stock["skus"])
# --8<-- [end:sync_inventory]


# --8<-- [start:rebuild_dashboard]
@inngest_client.create_function(
    fn_id="rebuild-dashboard",
    trigger=inngest.TriggerEvent(event=DASHBOARD_STALE),
    # Newer data makes a running rebuild pointless: the new event cancels the
    # active run for this dashboard and starts a fresh one.
    singleton=inngest.Singleton(key="event.data.dashboard_id", mode="cancel"),
)
async def rebuild_dashboard(ctx: inngest.Context) -> dict:
    dashboard_id: str = ctx.event.data["dashboard_id"]
    as_of: str = ctx.event.data["as_of"]
    metrics = await ctx.step.run("compute-metrics", services.compute_metrics, dashboard_id, as_of)
    return await ctx.step.run("publish", services.publish_dashboard, dashboard_id, as_of, metrics["revenue"])
# --8<-- [end:rebuild_dashboard]


functions = [sync_inventory, rebuild_dashboard]
