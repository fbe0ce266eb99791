"""An app the server registers, but not as written: it keeps 20 of the 30 retries the
app asks for (the server's cap) and says nothing; the sync answers 200."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

client = inngest.Inngest(app_id="kit-lowered")


@client.create_function(fn_id="sync-ledger", trigger=inngest.TriggerEvent(event="kit-lowered/due"), retries=30)
async def sync_ledger(ctx: inngest.Context) -> None:
    return None


app = FastAPI()
inngest.fast_api.serve(app, client, [sync_ledger])
