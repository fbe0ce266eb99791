"""Parallel steps built in a loop: every lambda sees the last item."""

import inngest

client = inngest.Inngest(app_id="lint-inn022-lambdas", is_production=False)
PROOF = {"rule": "INN022", "kind": "run", "event": "lint/inn022-lambdas", "status": "COMPLETED",
         "output": ["c", "c", "c"]}


async def charge(item: str) -> str:
    return item


@client.create_function(fn_id="charge-all", trigger=inngest.TriggerEvent(event="lint/inn022-lambdas"), retries=0)
async def charge_all(ctx: inngest.Context) -> list:
    calls = []
    for item in ["a", "b", "c"]:
        calls.append(lambda: ctx.step.run(f"charge-{item}", charge, item))  # expect: INN022
    return list(await ctx.group.parallel(tuple(calls)))


functions = [charge_all]
