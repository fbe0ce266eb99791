"""A sub-second finish timeout held in a settings class."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn024-settings", is_production=False)
PROOF = {"rule": "INN024", "kind": "sync", "error": "duration must be at least 1 second"}


class Settings:
    FINISH = datetime.timedelta(milliseconds=250)


@client.create_function(
    fn_id="report",
    trigger=inngest.TriggerEvent(event="lint/inn024-settings"),
    timeouts=inngest.Timeouts(finish=Settings.FINISH),  # expect: INN024
)
async def report(ctx: inngest.Context) -> None:
    return None


functions = [report]
