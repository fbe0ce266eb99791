"""A wait match naming `evt`: the server cannot compile it and fails the run."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn021-wait", is_production=False)
PROOF = {"rule": "INN021", "kind": "run", "event": "lint/inn021-wait", "status": "FAILED",
         "output_has": "xpression"}


@client.create_function(fn_id="approve", trigger=inngest.TriggerEvent(event="lint/inn021-wait"), retries=0)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event(
        "approval", event="lint/inn021-approved", if_exp="async.data.id == evt.data.id",  # expect: INN021
        timeout=datetime.timedelta(seconds=5),
    )


functions = [approve]
