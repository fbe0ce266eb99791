"""An app the server refuses although the SDK accepts it and the sync answers 200:
a debounce period over the server's 7-day maximum. Its valid sibling is dropped too."""

import datetime

import inngest
import inngest.fast_api
from fastapi import FastAPI

client = inngest.Inngest(app_id="kit-refused")


@client.create_function(
    fn_id="reindex",
    trigger=inngest.TriggerEvent(event="kit-refused/edited"),
    debounce=inngest.Debounce(period=datetime.timedelta(days=8)),
)
async def reindex(ctx: inngest.Context) -> None:
    return None


@client.create_function(fn_id="valid-sibling", trigger=inngest.TriggerEvent(event="kit-refused/other"))
async def valid_sibling(ctx: inngest.Context) -> None:
    return None


app = FastAPI()
inngest.fast_api.serve(app, client, [reindex, valid_sibling])
