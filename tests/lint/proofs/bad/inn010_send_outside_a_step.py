"""`client.send` in the body before two steps: three events for one run."""

import inngest

client = inngest.Inngest(app_id="lint-inn010-send", is_production=False)
PROOF = {"rule": "INN010", "kind": "run", "event": "lint/inn010-send", "status": "COMPLETED",
         "events": ("lint/inn010-next", 3)}


@client.create_function(fn_id="chain", trigger=inngest.TriggerEvent(event="lint/inn010-send"), retries=0)
async def chain(ctx: inngest.Context) -> None:
    await client.send(inngest.Event(name="lint/inn010-next", data={}))  # expect: INN010
    await ctx.step.run("one", lambda: 1)
    await ctx.step.run("two", lambda: 2)


functions = [chain]
