"""Six fields (with seconds): the server takes exactly five."""

import inngest

client = inngest.Inngest(app_id="lint-inn028-six", is_production=False)
PROOF = {"rule": "INN028", "kind": "sync", "error": "isn't a valid cron schedule"}
SCHEDULE = "0 30 9 * * 1-5"


@client.create_function(fn_id="standup", trigger=inngest.TriggerCron(cron=SCHEDULE))  # expect: INN028
async def standup(ctx: inngest.Context) -> None:
    return None


functions = [standup]
