"""No key in the code: the SDK reads INNGEST_SIGNING_KEY and INNGEST_EVENT_KEY itself."""

import inngest

client = inngest.Inngest(app_id="lint-good-keys", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-keys", "status": "COMPLETED", "output": "refunded"}


@client.create_function(fn_id="refund", trigger=inngest.TriggerEvent(event="lint/good-keys"), retries=0)
async def refund(ctx: inngest.Context) -> str:
    return await ctx.step.run("refund", lambda: "refunded")


functions = [refund]
