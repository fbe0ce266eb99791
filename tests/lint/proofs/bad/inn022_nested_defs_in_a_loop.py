"""Step callables defined with `def` in a loop: each closure reads `sku` when it runs."""

import inngest

client = inngest.Inngest(app_id="lint-inn022-defs", is_production=False)
PROOF = {"rule": "INN022", "kind": "run", "event": "lint/inn022-defs", "status": "COMPLETED",
         "output": ["sku-3", "sku-3", "sku-3"]}


def reserve(sku: str) -> str:
    return sku


@client.create_function(fn_id="reserve-all", trigger=inngest.TriggerEvent(event="lint/inn022-defs"), retries=0)
async def reserve_all(ctx: inngest.Context) -> list:
    jobs = []
    for sku in ["sku-1", "sku-2", "sku-3"]:
        async def job():  # expect: INN022
            return await ctx.step.run("reserve", reserve, sku)
        jobs.append(job)
    return list(await ctx.group.parallel(tuple(jobs)))


functions = [reserve_all]
