"""retries=-1 passes the decorator; building the sync payload fails."""

import inngest

client = inngest.Inngest(app_id="lint-inn101-retries", is_production=False)
PROOF = {"rule": "INN101", "kind": "sync", "error": "Internal Server Error"}


@client.create_function(fn_id="import-feed", trigger=inngest.TriggerEvent(event="lint/inn101-retries"), retries=-1)  # expect: INN101
async def import_feed(ctx: inngest.Context) -> None:
    return None


functions = [import_feed]
