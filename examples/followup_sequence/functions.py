import inngest

from . import services
from .client import inngest_client
from .config import settings

FOLLOWUP_REQUESTED = "lead/follow-up.requested"
LEAD_CONVERTED = "lead/converted"


# --8<-- [start:follow_up]
@inngest_client.create_function(
    fn_id="follow-up-sequence",
    trigger=inngest.TriggerEvent(event=FOLLOWUP_REQUESTED),
    # A conversion for the same lead cancels the run wherever it is: during a
    # sleep, or between steps. A step already executing finishes first.
    cancel=[inngest.Cancel(event=LEAD_CONVERTED, if_exp="async.data.lead_id == event.data.lead_id")],
)
async def follow_up_sequence(ctx: inngest.Context) -> dict:
    lead_id: str = ctx.event.data["lead_id"]
    email: str = ctx.event.data["email"]

    await ctx.step.sleep("wait-before-first-follow-up", settings.first_delay)
    await ctx.step.run("send-first-follow-up", services.send_followup, lead_id, email, "first-follow-up")

    await ctx.step.sleep("wait-before-second-follow-up", settings.second_delay)
    await ctx.step.run("send-second-follow-up", services.send_followup, lead_id, email, "second-follow-up")

    return {"lead_id": lead_id, "emails_sent": 2}
# --8<-- [end:follow_up]


functions = [follow_up_sequence]
