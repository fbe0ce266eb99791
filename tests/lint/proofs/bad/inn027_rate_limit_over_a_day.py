"""A rate-limit period over 24 hours."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn027-rate", is_production=False)
PROOF = {"rule": "INN027", "kind": "sync", "error": "period must be less than"}


@client.create_function(
    fn_id="weekly-mail",
    trigger=inngest.TriggerEvent(event="lint/inn027-rate"),
    rate_limit=inngest.RateLimit(limit=1, period=datetime.timedelta(days=7), key="event.data.user_id"),  # expect: INN027
)
async def weekly_mail(ctx: inngest.Context) -> None:
    return None


functions = [weekly_mail]
