"""is_production computed from an environment variable that production does not set."""

import os

import inngest

client = inngest.Inngest(
    app_id="lint-inn014-flag",
    is_production=os.getenv("APP_ENVIRONMENT") == "production",  # expect: INN014
)
PROOF = {"rule": "INN014", "kind": "unsigned", "event": "lint/inn014-flag"}
calls: list = []


@client.create_function(fn_id="refund", trigger=inngest.TriggerEvent(event="lint/inn014-flag"), retries=0)
async def refund(ctx: inngest.Context) -> None:
    calls.append("ran")


functions = [refund]
