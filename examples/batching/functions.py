import inngest

from . import services
from .client import inngest_client
from .config import settings

PAGE_VIEWED = "analytics/page.viewed"


# --8<-- [start:load_page_views]
@inngest_client.create_function(
    fn_id="load-page-views",
    trigger=inngest.TriggerEvent(event=PAGE_VIEWED),
    # One run per batch: up to max_size events, or fewer once `timeout` has
    # passed since the batch's first event. `key` keeps accounts apart.
    batch_events=inngest.Batch(
        max_size=settings.batch_max_size,
        timeout=settings.batch_window,
        key="event.data.account_id",
    ),
)
async def load_page_views(ctx: inngest.Context) -> dict:
    # ctx.events holds the whole batch; ctx.event is only its first event.
    account_id: str = ctx.event.data["account_id"]
    seqs = [e.data["seq"] for e in ctx.events]
    loaded = await ctx.step.run("load-rows", services.load_rows, account_id, seqs)
    return {**loaded, "seqs": seqs, "first_event_seq": ctx.event.data["seq"]}
# --8<-- [end:load_page_views]


functions = [load_page_views]
