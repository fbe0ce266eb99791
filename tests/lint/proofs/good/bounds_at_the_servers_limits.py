"""Every bound the server enforces, met exactly: the sync succeeds and nothing is changed."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-good-bounds", is_production=False)
PROOF = {"kind": "config", "path": ["steps", 0, "retries"], "value": 20}
STOP_EVENTS = ["order/cancelled", "order/refunded", "order/deleted", "user/deleted", "user/banned"]


@client.create_function(
    fn_id="fulfil",
    trigger=[inngest.TriggerEvent(event=f"lint/good-bounds-{n}") for n in range(10)],
    concurrency=[inngest.Concurrency(limit=50), inngest.Concurrency(limit=5, key="event.data.customer_id")],
    cancel=[inngest.Cancel(event=name, if_exp="async.data.order_id == event.data.order_id") for name in STOP_EVENTS],
    retries=20,
)
async def fulfil(ctx: inngest.Context) -> None:
    return None


@client.create_function(
    fn_id="digest",
    trigger=inngest.TriggerEvent(event="lint/good-bounds-digest"),
    debounce=inngest.Debounce(period=datetime.timedelta(days=7), key="event.data.user_id"),
    rate_limit=inngest.RateLimit(limit=1, period=datetime.timedelta(hours=24), key="event.data.user_id"),
)
async def digest(ctx: inngest.Context) -> None:
    return None


functions = [fulfil, digest]
