"""An awaited call in the body: it runs again on every request the server makes."""

import inngest

client = inngest.Inngest(app_id="lint-inn004-await", is_production=False)
PROOF = {"rule": "INN004", "kind": "run", "event": "lint/inn004-await", "status": "COMPLETED",
         "ledger": ("audit_log", 3)}
audit_log: list = []


async def record(entry: str) -> None:
    audit_log.append(entry)


@client.create_function(fn_id="audit", trigger=inngest.TriggerEvent(event="lint/inn004-await"), retries=0)
async def audit(ctx: inngest.Context) -> None:
    await record("started")  # expect: INN004
    await ctx.step.run("one", lambda: 1)
    await ctx.step.run("two", lambda: 2)


functions = [audit]
