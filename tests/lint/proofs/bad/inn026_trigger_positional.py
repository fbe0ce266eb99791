"""The SDK's config models take keywords only."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-trigger", is_production=False)
PROOF = {"rule": "INN026", "kind": "import", "error": "TypeError"}


@client.create_function(fn_id="welcome", trigger=inngest.TriggerEvent("lint/inn026-trigger"))  # expect: INN026
async def welcome(ctx: inngest.Context) -> None:
    return None


functions = [welcome]
