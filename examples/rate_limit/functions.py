import inngest

from . import services
from .client import inngest_client
from .config import settings

STOCK_LOW = "inventory-alerts/stock.low"
DASHBOARD_REFRESH = "inventory-alerts/dashboard.refresh-requested"


# --8<-- [start:low_stock_alert]
@inngest_client.create_function(
    fn_id="low-stock-alert",
    trigger=inngest.TriggerEvent(event=STOCK_LOW),
    # At most one alert per SKU per period. Events over the limit are skipped:
    # they start no run, now or later. Use this only where losing them is fine.
    rate_limit=inngest.RateLimit(
        limit=settings.alerts_per_sku,
        period=settings.alert_period,
        key="event.data.sku",
    ),
    retries=0,
)
async def low_stock_alert(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run(
        "send-alert", services.send_low_stock_alert, data["sku"], data["update_id"], data["quantity"]
    )
# --8<-- [end:low_stock_alert]


# --8<-- [start:refresh_dashboard]
@inngest_client.create_function(
    fn_id="refresh-dashboard",
    trigger=inngest.TriggerEvent(event=DASHBOARD_REFRESH),
    # limit=10 per 60 s is a *rate* (one per 6 s), not a quota of 10 usable at
    # once: a burst admits only 1 + limit // 10 = 2 events.
    rate_limit=inngest.RateLimit(
        limit=settings.refreshes_per_user,
        period=settings.refresh_period,
        key="event.data.user_id",
    ),
    retries=0,
)
async def refresh_dashboard(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("refresh", services.refresh_dashboard, data["user_id"], data["request_id"])
# --8<-- [end:refresh_dashboard]


functions = [low_stock_alert, refresh_dashboard]
