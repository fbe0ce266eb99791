"""A function whose result is an instance of a plain class."""

import inngest

client = inngest.Inngest(app_id="lint-inn023-instance", is_production=False)
PROOF = {"rule": "INN023", "kind": "run", "event": "lint/inn023-instance", "status": "FAILED",
         "output_has": "serializ"}


class Receipt:
    def __init__(self, total: int) -> None:
        self.total = total


@client.create_function(fn_id="receipt", trigger=inngest.TriggerEvent(event="lint/inn023-instance"), retries=0)
async def receipt(ctx: inngest.Context):
    total = await ctx.step.run("total", lambda: 42)
    return Receipt(total)  # expect: INN023


functions = [receipt]
