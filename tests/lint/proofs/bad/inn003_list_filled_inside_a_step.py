"""A step appends to a list of the function: on replay the step is memoized, the list empty."""

import inngest

client = inngest.Inngest(app_id="lint-inn003-append", is_production=False)
PROOF = {"rule": "INN003", "kind": "run", "event": "lint/inn003-append", "status": "COMPLETED", "output": []}


@client.create_function(fn_id="collect", trigger=inngest.TriggerEvent(event="lint/inn003-append"), retries=0)
async def collect(ctx: inngest.Context) -> list:
    found: list = []

    def fetch() -> None:
        found.append("row-1")  # expect: INN003

    await ctx.step.run("fetch", fetch)
    await ctx.step.run("after", lambda: None)
    return found


functions = [collect]
