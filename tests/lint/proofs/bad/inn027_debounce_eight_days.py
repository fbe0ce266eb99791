"""A debounce period longer than the server's seven-day maximum."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn027-debounce", is_production=False)
PROOF = {"rule": "INN027", "kind": "sync", "error": "is greater than the max of"}
DIGEST_PERIOD = datetime.timedelta(days=8)


@client.create_function(
    fn_id="digest",
    trigger=inngest.TriggerEvent(event="lint/inn027-debounce"),
    debounce=inngest.Debounce(period=DIGEST_PERIOD, key="event.data.user_id"),  # expect: INN027
)
async def digest(ctx: inngest.Context) -> None:
    return None


functions = [digest]
