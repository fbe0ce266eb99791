"""`retry=` is not a parameter of create_function (it is `retries=`)."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-kw", is_production=False)
PROOF = {"rule": "INN026", "kind": "import", "error": "unexpected keyword argument 'retry'"}


@client.create_function(fn_id="import", trigger=inngest.TriggerEvent(event="lint/inn026-kw"), retry=3)  # expect: INN026
async def import_feed(ctx: inngest.Context) -> None:
    return None


functions = [import_feed]
