"""A step id from the clock: every replay makes a new step, so the first step runs again and again."""

import time

import inngest

client = inngest.Inngest(app_id="lint-inn012-id", is_production=False)
PROOF = {"rule": "INN012", "kind": "run", "event": "lint/inn012-id", "status": "RUNNING", "ledger_at_least": ("charges", 3)}
charges: list = []


def charge() -> str:
    charges.append("charged")
    return "ok"


@client.create_function(fn_id="charge", trigger=inngest.TriggerEvent(event="lint/inn012-id"), retries=0)
async def charge_once(ctx: inngest.Context) -> None:
    await ctx.step.run(f"charge-{time.time_ns()}", charge)  # expect: INN012
    await ctx.step.run("receipt", lambda: None)


functions = [charge_once]
