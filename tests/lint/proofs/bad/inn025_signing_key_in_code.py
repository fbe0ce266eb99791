"""A signing key in the source: whoever reads it can make the app run its functions."""

import inngest

client = inngest.Inngest(
    app_id="lint-inn025-key",
    is_production=True,
    signing_key="signkey-prod-8f3a1c0e9b7d4f2a6c5e1b0d9f8a7c6e5d4b3a2f1e0d9c8b7a6f5e4d3c2b1a09",  # expect: INN025
)
PROOF = {"rule": "INN025", "kind": "sign", "event": "lint/inn025-key"}
calls: list = []


@client.create_function(fn_id="refund", trigger=inngest.TriggerEvent(event="lint/inn025-key"), retries=0)
async def refund(ctx: inngest.Context) -> None:
    calls.append("ran")


functions = [refund]
