"""A run priority on a batched function."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn110-priority-batch", is_production=False)
PROOF = {"rule": "INN110", "kind": "sync", "mode": "server", "error": "cannot specify Priority.Run and Batch together"}


@client.create_function(  # expect: INN110
    fn_id="ingest",
    trigger=inngest.TriggerEvent(event="lint/inn110-priority-batch"),
    batch_events=inngest.Batch(max_size=10, timeout=datetime.timedelta(seconds=5)),
    priority=inngest.Priority(run="event.data.plan == 'pro' ? 60 : 0"),
)
async def ingest(ctx: inngest.Context) -> None:
    return None


functions = [ingest]
