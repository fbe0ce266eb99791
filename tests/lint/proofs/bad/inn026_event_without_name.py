"""An event built without its name: the SDK's Event model refuses it when the step runs."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-event", is_production=False)
PROOF = {"rule": "INN026", "kind": "run", "event": "lint/inn026-event", "status": "FAILED", "output_has": "name"}


@client.create_function(fn_id="chain", trigger=inngest.TriggerEvent(event="lint/inn026-event"), retries=0)
async def chain(ctx: inngest.Context) -> None:
    await ctx.step.send_event("next", inngest.Event(data={"order_id": "o-1"}))  # expect: INN026


functions = [chain]
