"""Priority(run=) is an expression string, not a number."""

import inngest

client = inngest.Inngest(app_id="lint-inn100-priority", is_production=False)
PROOF = {"rule": "INN100", "kind": "import", "error": "FunctionConfigInvalidError"}


@client.create_function(
    fn_id="triage",
    trigger=inngest.TriggerEvent(event="lint/inn100-priority"),
    priority=inngest.Priority(run=60),  # expect: INN100
)
async def triage(ctx: inngest.Context) -> None:
    return None


functions = [triage]
