"""A cloud-mode app (no INNGEST_DEV) whose serve endpoint refuses unsigned sync
PUTs when INNGEST_ENABLE_UNAUTHED_SYNC=false (or serve(..., enable_unauthed_sync=False))."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-signed-sync")


@inngest_client.create_function(
    fn_id="noop", trigger=inngest.TriggerEvent(event="semantics-signed-sync/noop.requested")
)
async def noop(ctx: inngest.Context) -> dict:
    return {"ok": True}


functions = [noop]
app = FastAPI(title="semantics: signed sync")
inngest.fast_api.serve(app, inngest_client, functions)
