"""`group.parallel` given step calls instead of callables."""

import inngest

client = inngest.Inngest(app_id="lint-inn017-parallel", is_production=False)
PROOF = {"rule": "INN017", "kind": "run", "event": "lint/inn017-parallel", "status": "FAILED",
         "output_has": "not callable"}


@client.create_function(fn_id="fan-out", trigger=inngest.TriggerEvent(event="lint/inn017-parallel"), retries=0)
async def fan_out(ctx: inngest.Context) -> None:
    await ctx.group.parallel((ctx.step.run("a", lambda: 1), ctx.step.run("b", lambda: 2)))  # expect: INN017 INN017


functions = [fan_out]
