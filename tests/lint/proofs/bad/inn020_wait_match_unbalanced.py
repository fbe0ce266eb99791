"""A wait whose match does not compile: the run fails at the wait."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn020-wait", is_production=False)
PROOF = {"rule": "INN020", "kind": "run", "event": "lint/inn020-wait", "status": "FAILED",
         "output_has": "xpression"}
MATCH = "async.data.order_id == event.data.order_id)"


@client.create_function(fn_id="approve", trigger=inngest.TriggerEvent(event="lint/inn020-wait"), retries=0)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event(
        "approval", event="lint/inn020-approved", if_exp=MATCH, timeout=datetime.timedelta(seconds=5)  # expect: INN020
    )


functions = [approve]
