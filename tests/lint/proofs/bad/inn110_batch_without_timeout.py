"""A batch without a timeout: the SDK sends it, the server cannot parse the missing duration."""

import inngest

client = inngest.Inngest(app_id="lint-inn110-batch-timeout", is_production=False)
PROOF = {"rule": "INN110", "kind": "sync", "mode": "server", "error": "invalid duration"}


@client.create_function(  # expect: INN110
    fn_id="ingest",
    trigger=inngest.TriggerEvent(event="lint/inn110-batch-timeout"),
    batch_events=inngest.Batch(max_size=10),
)
async def ingest(ctx: inngest.Context) -> None:
    return None


functions = [ingest]
