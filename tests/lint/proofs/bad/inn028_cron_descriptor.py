"""`@daily` is not accepted by the server's cron parser."""

import inngest

client = inngest.Inngest(app_id="lint-inn028-daily", is_production=False)
PROOF = {"rule": "INN028", "kind": "sync", "error": "isn't a valid cron schedule"}


@client.create_function(fn_id="daily", trigger=inngest.TriggerCron(cron="@daily"))  # expect: INN028
async def daily(ctx: inngest.Context) -> None:
    return None


functions = [daily]
