"""A float limit: the SDK's models are strict about types."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn100-float", is_production=False)
PROOF = {"rule": "INN100", "kind": "import", "error": "FunctionConfigInvalidError"}


@client.create_function(
    fn_id="push",
    trigger=inngest.TriggerEvent(event="lint/inn100-float"),
    throttle=inngest.Throttle(limit=2.5, period=datetime.timedelta(seconds=1)),  # expect: INN100
)
async def push(ctx: inngest.Context) -> None:
    return None


functions = [push]
