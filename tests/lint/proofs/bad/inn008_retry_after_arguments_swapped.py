"""`RetryAfterError("1h", "...")`: the SDK cannot build the Retry-After header."""

import inngest

client = inngest.Inngest(app_id="lint-inn008-retry", is_production=False)
PROOF = {"rule": "INN008", "kind": "run", "event": "lint/inn008-retry", "status": "FAILED", "output_has": "rror"}


def push() -> None:
    raise inngest.RetryAfterError("1h", "rate limited")  # expect: INN008


@client.create_function(fn_id="push", trigger=inngest.TriggerEvent(event="lint/inn008-retry"), retries=0)
async def push_contact(ctx: inngest.Context) -> None:
    await ctx.step.run("push", push)


functions = [push_contact]
