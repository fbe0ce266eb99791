"""A trigger filter written in Python: `not in`, which CEL does not have."""

import inngest

client = inngest.Inngest(app_id="lint-inn020-trigger", is_production=False)
PROOF = {"rule": "INN020", "kind": "sync", "error": "expression"}


@client.create_function(
    fn_id="welcome",
    trigger=inngest.TriggerEvent(event="lint/inn020-trigger",
                                 expression="event.data.plan not in ['free', 'trial']"),  # expect: INN020
)
async def welcome(ctx: inngest.Context) -> None:
    return None


functions = [welcome]
