"""A single `=` in a key expression."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn020-debounce", is_production=False)
PROOF = {"rule": "INN020", "kind": "sync", "error": "Debounce expression is invalid"}


@client.create_function(
    fn_id="reindex",
    trigger=inngest.TriggerEvent(event="lint/inn020-debounce"),
    debounce=inngest.Debounce(period=datetime.timedelta(seconds=5), key="event.data.kind = 'doc'"),  # expect: INN020
)
async def reindex(ctx: inngest.Context) -> None:
    return None


functions = [reindex]
