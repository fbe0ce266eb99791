"""A step that returns a set."""

import inngest

client = inngest.Inngest(app_id="lint-inn023-set", is_production=False)
PROOF = {"rule": "INN023", "kind": "run", "event": "lint/inn023-set", "status": "FAILED",
         "output_has": "serializ"}


@client.create_function(fn_id="tags", trigger=inngest.TriggerEvent(event="lint/inn023-set"), retries=0)
async def tags(ctx: inngest.Context) -> None:
    await ctx.step.run("collect", lambda: {"a", "b"})  # expect: INN023


functions = [tags]
