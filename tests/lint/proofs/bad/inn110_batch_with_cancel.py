"""Batching and cancellation together: only the server knows they exclude each other."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn110-batch-cancel", is_production=False)
PROOF = {"rule": "INN110", "kind": "sync", "mode": "server", "error": "Batching and cancellation are mutually exclusive"}


@client.create_function(  # expect: INN110
    fn_id="ingest",
    trigger=inngest.TriggerEvent(event="lint/inn110-batch-cancel"),
    batch_events=inngest.Batch(max_size=10, timeout=datetime.timedelta(seconds=5)),
    cancel=[inngest.Cancel(event="lint/inn110-stop")],
)
async def ingest(ctx: inngest.Context) -> None:
    return None


functions = [ingest]
