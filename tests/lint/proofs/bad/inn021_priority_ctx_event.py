"""A priority expression that names the Python context."""

import inngest

client = inngest.Inngest(app_id="lint-inn021-priority", is_production=False)
PROOF = {"rule": "INN021", "kind": "sync", "error": "Priority.Run expression is invalid"}


@client.create_function(
    fn_id="triage",
    trigger=inngest.TriggerEvent(event="lint/inn021-priority"),
    priority=inngest.Priority(run="ctx.event.data.plan == 'pro' ? 60 : 0"),  # expect: INN021
)
async def triage(ctx: inngest.Context) -> None:
    return None


functions = [triage]
