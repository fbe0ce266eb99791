"""The event name given positionally to wait_for_event (its parameters are keyword-only)."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn026-wait", is_production=False)
PROOF = {"rule": "INN026", "kind": "run", "event": "lint/inn026-wait", "status": "FAILED",
         "output_has": "positional argument"}


@client.create_function(fn_id="approve", trigger=inngest.TriggerEvent(event="lint/inn026-wait"), retries=0)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event("approval", "lint/inn026-approved", timeout=datetime.timedelta(seconds=5))  # expect: INN026


functions = [approve]
