"""Parallel steps built in a loop, each callable bound to its own item."""

import functools

import inngest

client = inngest.Inngest(app_id="lint-good-inn022", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-inn022", "status": "COMPLETED", "output": ["a", "b", "c", "a", "b", "c"]}


async def charge(item: str) -> str:
    return item


@client.create_function(fn_id="charge-all", trigger=inngest.TriggerEvent(event="lint/good-inn022"), retries=0)
async def charge_all(ctx: inngest.Context) -> list:
    items = ["a", "b", "c"]
    by_default = [lambda item=item: ctx.step.run(f"charge-{item}", charge, item) for item in items]
    by_partial = [functools.partial(ctx.step.run, f"again-{item}", charge, item) for item in items]
    return list(await ctx.group.parallel(tuple(by_default + by_partial)))


functions = [charge_all]
