"""A debounce key that names the Python context instead of `event`."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn021-debounce", is_production=False)
PROOF = {"rule": "INN021", "kind": "sync", "error": "Debounce expression is invalid"}


@client.create_function(
    fn_id="reindex",
    trigger=inngest.TriggerEvent(event="lint/inn021-debounce"),
    debounce=inngest.Debounce(period=datetime.timedelta(seconds=5), key="ctx.event.data.document_id"),  # expect: INN021
)
async def reindex(ctx: inngest.Context) -> None:
    return None


functions = [reindex]
