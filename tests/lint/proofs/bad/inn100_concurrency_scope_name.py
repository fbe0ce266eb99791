"""scope="function" is not one of the SDK's scopes (account, env, fn)."""

import inngest

client = inngest.Inngest(app_id="lint-inn100-scope", is_production=False)
PROOF = {"rule": "INN100", "kind": "import", "error": "FunctionConfigInvalidError"}


@client.create_function(
    fn_id="sync-crm",
    trigger=inngest.TriggerEvent(event="lint/inn100-scope"),
    concurrency=[inngest.Concurrency(limit=1, scope="function")],  # expect: INN100
)
async def sync_crm(ctx: inngest.Context) -> None:
    return None


functions = [sync_crm]
