"""A key written into the environment by the code itself."""

import os

import inngest

os.environ["INNGEST_SIGNING_KEY"] = "signkey-prod-0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"  # expect: INN025
client = inngest.Inngest(app_id="lint-inn025-env", is_production=True)
PROOF = {"rule": "INN025", "kind": "sign", "event": "lint/inn025-env"}
calls: list = []


@client.create_function(fn_id="refund", trigger=inngest.TriggerEvent(event="lint/inn025-env"), retries=0)
async def refund(ctx: inngest.Context) -> None:
    calls.append("ran")


functions = [refund]
