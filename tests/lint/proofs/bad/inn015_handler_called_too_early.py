"""`step.run("x", fetch(1))`: the work runs outside the step; the step gets no callable."""

import inngest

client = inngest.Inngest(app_id="lint-inn015-call", is_production=False)
PROOF = {"rule": "INN015", "kind": "run", "event": "lint/inn015-call", "status": "FAILED", "output_has": "not callable"}


def fetch(order_id: int) -> dict:
    return {"order": order_id}


@client.create_function(fn_id="fetch", trigger=inngest.TriggerEvent(event="lint/inn015-call"), retries=0)
async def fetch_order(ctx: inngest.Context) -> None:
    await ctx.step.run("fetch", fetch(1))  # expect: INN015


functions = [fetch_order]
