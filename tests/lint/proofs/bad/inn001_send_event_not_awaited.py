"""`step.send_event` without `await`: the event is never sent."""

import inngest

client = inngest.Inngest(app_id="lint-inn001-await", is_production=False)
PROOF = {"rule": "INN001", "kind": "run", "event": "lint/inn001-await", "status": "COMPLETED",
         "events": ("lint/inn001-next", 0)}


@client.create_function(fn_id="chain", trigger=inngest.TriggerEvent(event="lint/inn001-await"), retries=0)
async def chain(ctx: inngest.Context) -> None:
    ctx.step.send_event("next", inngest.Event(name="lint/inn001-next", data={}))  # expect: INN001


functions = [chain]
