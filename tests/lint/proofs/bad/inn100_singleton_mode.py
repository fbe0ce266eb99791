"""Singleton modes are "skip" and "cancel"; there is no "queue"."""

import inngest

client = inngest.Inngest(app_id="lint-inn100-singleton", is_production=False)
PROOF = {"rule": "INN100", "kind": "import", "error": "FunctionConfigInvalidError"}


@client.create_function(
    fn_id="rebuild",
    trigger=inngest.TriggerEvent(event="lint/inn100-singleton"),
    singleton=inngest.Singleton(key="event.data.account_id", mode="queue"),  # expect: INN100
)
async def rebuild(ctx: inngest.Context) -> None:
    return None


functions = [rebuild]
