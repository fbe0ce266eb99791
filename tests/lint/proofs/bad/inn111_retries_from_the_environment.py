"""Retries read from the environment: only the server shows it keeps 20 of the 30."""

import os

import inngest

client = inngest.Inngest(app_id="lint-inn111-retries", is_production=False)
PROOF = {"rule": "INN111", "kind": "config", "mode": "server", "path": ["steps", 0, "retries"], "value": 20,
         "error": "registered 20"}
RETRIES = int(os.environ.get("LINT_SYNC_RETRIES", "30"))


@client.create_function(fn_id="sync-ledger", trigger=inngest.TriggerEvent(event="lint/inn111-retries"),  # expect: INN111
                        retries=RETRIES)
async def sync_ledger(ctx: inngest.Context) -> None:
    return None


functions = [sync_ledger]
