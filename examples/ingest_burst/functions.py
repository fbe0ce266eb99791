import inngest

from . import services
from .client import inngest_client
from .config import settings

READING_RECEIVED = "ingest/reading.received"


# --8<-- [start:ingest_reading]
@inngest_client.create_function(
    fn_id="ingest-reading",
    trigger=inngest.TriggerEvent(event=READING_RECEIVED),
    # A burst of thousands of events queues up behind these slots: every run
    # starts eventually, none is dropped, and no more than `slots` store at once.
    concurrency=[inngest.Concurrency(limit=settings.slots)],
    retries=2,
)
async def ingest_reading(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("store-reading", services.store_reading, data["reading_id"], data["sensor"])
# --8<-- [end:ingest_reading]


functions = [ingest_reading]
