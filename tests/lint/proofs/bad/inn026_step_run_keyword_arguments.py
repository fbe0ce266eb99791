"""Handler arguments given to step.run as keywords."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-run-kwargs", is_production=False)
PROOF = {"rule": "INN026", "kind": "run", "event": "lint/inn026-run-kwargs", "status": "FAILED",
         "output_has": "unexpected keyword argument"}


def charge(order_id: str, amount: int) -> str:
    return f"{order_id}:{amount}"


@client.create_function(fn_id="charge", trigger=inngest.TriggerEvent(event="lint/inn026-run-kwargs"), retries=0)
async def charge_order(ctx: inngest.Context) -> None:
    await ctx.step.run("charge", charge, order_id="o-1", amount=5)  # expect: INN026


functions = [charge_order]
