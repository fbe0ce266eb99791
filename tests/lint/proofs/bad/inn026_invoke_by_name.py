"""`step.invoke` given the function's id as a string."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-invoke", is_production=False)
PROOF = {"rule": "INN026", "kind": "run", "event": "lint/inn026-invoke", "status": "FAILED",
         "output_has": "has no attribute"}


@client.create_function(fn_id="child", trigger=inngest.TriggerEvent(event="lint/inn026-invoke-child"))
async def child(ctx: inngest.Context) -> str:
    return "done"


@client.create_function(fn_id="parent", trigger=inngest.TriggerEvent(event="lint/inn026-invoke"), retries=0)
async def parent(ctx: inngest.Context) -> None:
    await ctx.step.invoke("call-child", function="child")  # expect: INN026


functions = [child, parent]
