"""A string period: the SDK's model refuses it when the decorator runs."""

import inngest

client = inngest.Inngest(app_id="lint-inn005-throttle", is_production=False)
PROOF = {"rule": "INN005", "kind": "import", "error": "FunctionConfigInvalidError"}


@client.create_function(
    fn_id="push",
    trigger=inngest.TriggerEvent(event="lint/inn005-throttle"),
    throttle=inngest.Throttle(limit=1, period="1m"),  # expect: INN005
)
async def push(ctx: inngest.Context) -> None:
    return None


functions = [push]
