"""Sunday is 0 for the server's cron parser; 7 is out of range."""

import inngest

client = inngest.Inngest(app_id="lint-inn028-seven", is_production=False)
PROOF = {"rule": "INN028", "kind": "sync", "error": "isn't a valid cron schedule"}


@client.create_function(fn_id="weekly", trigger=inngest.TriggerCron(cron="0 9 * * 7"))  # expect: INN028
async def weekly(ctx: inngest.Context) -> None:
    return None


functions = [weekly]
