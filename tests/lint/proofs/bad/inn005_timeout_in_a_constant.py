"""A string timeout held in a module constant."""

import inngest

client = inngest.Inngest(app_id="lint-inn005-constant", is_production=False)
PROOF = {"rule": "INN005", "kind": "run", "event": "lint/inn005-constant", "status": "FAILED",
         "output_has": "Error"}
APPROVAL_TIMEOUT = "1h"


@client.create_function(fn_id="approve", trigger=inngest.TriggerEvent(event="lint/inn005-constant"), retries=0)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event("approval", event="lint/inn005-approved", timeout=APPROVAL_TIMEOUT)  # expect: INN005


functions = [approve]
