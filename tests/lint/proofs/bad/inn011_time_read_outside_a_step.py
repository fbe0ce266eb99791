"""A timestamp taken in the body: the last replay sees a later one than the first step did."""

import time

import inngest

client = inngest.Inngest(app_id="lint-inn011-now", is_production=False)
PROOF = {"rule": "INN011", "kind": "run", "event": "lint/inn011-now", "status": "COMPLETED", "output": False}


@client.create_function(fn_id="stamp", trigger=inngest.TriggerEvent(event="lint/inn011-now"), retries=0)
async def stamp(ctx: inngest.Context) -> bool:
    started = time.time_ns()  # expect: INN011
    first = await ctx.step.run("first", lambda: started)
    await ctx.step.run("second", lambda: None)
    return first == started


functions = [stamp]
