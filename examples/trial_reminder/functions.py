import datetime

import inngest

from . import services
from .client import inngest_client
from .config import settings

TRIAL_STARTED = "saas-trial/started"


# --8<-- [start:trial_reminder]
@inngest_client.create_function(
    fn_id="trial-ending-reminder",
    trigger=inngest.TriggerEvent(event=TRIAL_STARTED),
)
async def trial_ending_reminder(ctx: inngest.Context) -> dict:
    account_id: str = ctx.event.data["account_id"]
    # Computed from event data only, so every replay gets the same instant.
    # (datetime.now() here would give a new value on every replay.)
    trial_ends_at = datetime.datetime.fromisoformat(ctx.event.data["trial_ends_at"])
    if trial_ends_at.tzinfo is None:  # the SDK would read a naive time as the app server's local time
        trial_ends_at = trial_ends_at.replace(tzinfo=datetime.UTC)
    remind_at = trial_ends_at - settings.remind_before

    # Durable: nothing runs (or is billed) until remind_at. A moment already
    # past does not fail; the run continues at once.
    await ctx.step.sleep_until("wait-until-reminder-time", remind_at)

    await ctx.step.run(
        "send-trial-reminder",
        services.send_trial_reminder,
        account_id,
        ctx.event.data["email"],
        trial_ends_at.isoformat(),
    )
    return {"account_id": account_id, "reminded_for": trial_ends_at.isoformat(), "remind_at": remind_at.isoformat()}
# --8<-- [end:trial_reminder]


functions = [trial_ending_reminder]
