"""Eleven triggers on one function."""

import inngest

client = inngest.Inngest(app_id="lint-inn013-triggers", is_production=False)
PROOF = {"rule": "INN013", "kind": "sync", "error": "exceeds the max number of triggers: 10"}


@client.create_function(
    fn_id="audit",
    trigger=[inngest.TriggerEvent(event=f"lint/inn013-audit-{n}") for n in range(11)],  # expect: INN013
)
async def audit(ctx: inngest.Context) -> None:
    return None


functions = [audit]
