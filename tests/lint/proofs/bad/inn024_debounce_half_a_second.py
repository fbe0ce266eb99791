"""A debounce period under one second, written as a timedelta: every sync fails in the SDK."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn024-debounce", is_production=False)
PROOF = {"rule": "INN024", "kind": "sync", "error": "duration must be at least 1 second"}


@client.create_function(
    fn_id="reindex",
    trigger=inngest.TriggerEvent(event="lint/inn024-debounce"),
    debounce=inngest.Debounce(period=datetime.timedelta(milliseconds=500)),  # expect: INN024
)
async def reindex(ctx: inngest.Context) -> None:
    return None


functions = [reindex]
