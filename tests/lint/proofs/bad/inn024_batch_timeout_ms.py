"""1500 ms for a batch timeout: not a whole number of seconds."""

import inngest

client = inngest.Inngest(app_id="lint-inn024-batch", is_production=False)
PROOF = {"rule": "INN024", "kind": "sync", "error": "duration must be a whole number of seconds"}


@client.create_function(
    fn_id="ingest",
    trigger=inngest.TriggerEvent(event="lint/inn024-batch"),
    batch_events=inngest.Batch(max_size=10, timeout=1500),  # expect: INN024
)
async def ingest(ctx: inngest.Context) -> None:
    return None


functions = [ingest]
