"""retries=50 is registered as 20 without a word."""

import inngest

client = inngest.Inngest(app_id="lint-inn027-retries", is_production=False)
PROOF = {"rule": "INN027", "kind": "config", "path": ["steps", 0, "retries"], "value": 20}


@client.create_function(fn_id="sync-ledger", trigger=inngest.TriggerEvent(event="lint/inn027-retries"),
                        retries=50)  # expect: INN027
async def sync_ledger(ctx: inngest.Context) -> None:
    return None


functions = [sync_ledger]
