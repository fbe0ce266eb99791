"""A period computed at import: no static rule can see it, the SDK's serialiser can."""

import datetime
import os

import inngest

client = inngest.Inngest(app_id="lint-inn101-env", is_production=False)
PROOF = {"rule": "INN101", "kind": "sync", "error": "duration must be at least 1 second"}
DEBOUNCE = datetime.timedelta(milliseconds=int(os.environ.get("LINT_DEBOUNCE_MS", "400")))


@client.create_function(  # expect: INN101
    fn_id="reindex",
    trigger=inngest.TriggerEvent(event="lint/inn101-env"),
    debounce=inngest.Debounce(period=DEBOUNCE),
)
async def reindex(ctx: inngest.Context) -> None:
    return None


functions = [reindex]
