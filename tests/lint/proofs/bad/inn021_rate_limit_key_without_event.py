"""`data.customer_id` instead of `event.data.customer_id`."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn021-rate", is_production=False)
PROOF = {"rule": "INN021", "kind": "sync", "error": "undeclared reference"}


@client.create_function(
    fn_id="notify",
    trigger=inngest.TriggerEvent(event="lint/inn021-rate"),
    rate_limit=inngest.RateLimit(limit=1, period=datetime.timedelta(minutes=1), key="data.customer_id"),  # expect: INN021
)
async def notify(ctx: inngest.Context) -> None:
    return None


functions = [notify]
