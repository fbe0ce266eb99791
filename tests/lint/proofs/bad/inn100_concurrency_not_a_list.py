"""concurrency= takes a list of constraints."""

import inngest

client = inngest.Inngest(app_id="lint-inn100-list", is_production=False)
PROOF = {"rule": "INN100", "kind": "import", "error": "Error"}


@client.create_function(  # expect: INN100
    fn_id="sync-crm",
    trigger=inngest.TriggerEvent(event="lint/inn100-list"),
    concurrency=inngest.Concurrency(limit=1),
)
async def sync_crm(ctx: inngest.Context) -> None:
    return None


functions = [sync_crm]
