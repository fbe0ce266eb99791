"""A step inside another step's handler."""

import inngest

client = inngest.Inngest(app_id="lint-inn002-nested", is_production=False)
PROOF = {"rule": "INN002", "kind": "run", "event": "lint/inn002-nested", "status": "FAILED",
         "output_has": "Nested steps are not supported"}


@client.create_function(fn_id="outer", trigger=inngest.TriggerEvent(event="lint/inn002-nested"), retries=0)
async def outer(ctx: inngest.Context) -> None:
    async def both() -> int:
        return await ctx.step.run("inner", lambda: 1)  # expect: INN002

    await ctx.step.run("outer", both)


functions = [outer]
