"""30 meant as seconds: it is 30 ms, below the SDK's one-second floor for a wait."""

import inngest

client = inngest.Inngest(app_id="lint-inn006-wait", is_production=False)
PROOF = {"rule": "INN006", "kind": "run", "event": "lint/inn006-wait", "status": "FAILED",
         "output_has": "duration must be at least 1 second"}


@client.create_function(fn_id="approve", trigger=inngest.TriggerEvent(event="lint/inn006-wait"), retries=0)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event("approval", event="lint/inn006-approved", timeout=30)  # expect: INN006


functions = [approve]
