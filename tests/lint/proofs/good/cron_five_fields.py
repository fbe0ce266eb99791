"""Cron triggers the server's parser takes: five fields, names, ranges, steps, a time zone."""

import inngest

client = inngest.Inngest(app_id="lint-good-cron", is_production=False)
PROOF = {"kind": "config", "path": ["triggers", 1, "cron"], "value": "TZ=Europe/Paris 30 9 * jan-jun mon-fri"}


@client.create_function(
    fn_id="reports",
    trigger=[
        inngest.TriggerCron(cron="*/15 * * * *"),
        inngest.TriggerCron(cron="TZ=Europe/Paris 30 9 * jan-jun mon-fri"),
        inngest.TriggerCron(cron="0 0 1,15 * 0"),
    ],
)
async def reports(ctx: inngest.Context) -> None:
    return None


functions = [reports]
