"""A string sleep: accepted by the decorator, fails the run when the step runs."""

import inngest

client = inngest.Inngest(app_id="lint-inn005-sleep", is_production=False)
PROOF = {"rule": "INN005", "kind": "run", "event": "lint/inn005-sleep", "status": "FAILED",
         "output_has": "TypeError"}


@client.create_function(fn_id="remind", trigger=inngest.TriggerEvent(event="lint/inn005-sleep"), retries=0)
async def remind(ctx: inngest.Context) -> None:
    await ctx.step.sleep("wait", "5s")  # expect: INN005


functions = [remind]
