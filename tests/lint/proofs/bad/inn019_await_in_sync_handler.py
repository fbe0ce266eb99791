"""A handler made sync that kept its `await`."""

import inngest

client = inngest.Inngest(app_id="lint-inn019-await", is_production=False)
PROOF = {"rule": "INN019", "kind": "import", "error": "'await' outside async function"}


def fetch() -> str:
    return "ok"


@client.create_function(fn_id="fetch", trigger=inngest.TriggerEvent(event="lint/inn019-await"))
def fetch_all(ctx: inngest.ContextSync) -> str:
    return await ctx.step.run("fetch", fetch)  # expect: INN019


functions = [fetch_all]
