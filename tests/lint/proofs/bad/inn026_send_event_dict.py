"""`step.send_event` given a dict instead of `inngest.Event`."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-dict", is_production=False)
PROOF = {"rule": "INN026", "kind": "run", "event": "lint/inn026-dict", "status": "FAILED", "output_has": "rror",
         "events": ("lint/inn026-dict-next", 0)}


@client.create_function(fn_id="chain", trigger=inngest.TriggerEvent(event="lint/inn026-dict"), retries=0)
async def chain(ctx: inngest.Context) -> None:
    await ctx.step.send_event("next", {"name": "lint/inn026-dict-next", "data": {}})  # expect: INN026


functions = [chain]
