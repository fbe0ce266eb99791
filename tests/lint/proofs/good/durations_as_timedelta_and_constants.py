"""Durations as timedelta, whole seconds, also held in constants and a settings class."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-good-durations", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-durations", "status": "COMPLETED", "output": None}
REPLY_TIMEOUT = datetime.timedelta(seconds=1)
COOL_OFF_MS = 1_000


class Settings:
    FINISH = datetime.timedelta(minutes=5)


@client.create_function(
    fn_id="follow-up",
    trigger=inngest.TriggerEvent(event="lint/good-durations"),
    throttle=inngest.Throttle(limit=10, period=datetime.timedelta(minutes=1)),
    debounce=inngest.Debounce(period=datetime.timedelta(seconds=1)),
    timeouts=inngest.Timeouts(finish=Settings.FINISH),
    retries=0,
)
async def follow_up(ctx: inngest.Context) -> None:
    await ctx.step.sleep("cool-off", COOL_OFF_MS)
    return await ctx.step.wait_for_event("reply", event="lint/good-durations-reply", timeout=REPLY_TIMEOUT)


functions = [follow_up]
