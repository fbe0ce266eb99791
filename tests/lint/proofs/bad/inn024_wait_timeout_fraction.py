"""A wait timeout that is not whole seconds: the step fails when it runs."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn024-fraction", is_production=False)
PROOF = {"rule": "INN024", "kind": "run", "event": "lint/inn024-fraction", "status": "FAILED",
         "output_has": "duration must be a whole number of seconds"}


@client.create_function(fn_id="approve", trigger=inngest.TriggerEvent(event="lint/inn024-fraction"), retries=0)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event(
        "approval", event="lint/inn024-approved", timeout=datetime.timedelta(seconds=1.5)  # expect: INN024
    )


functions = [approve]
