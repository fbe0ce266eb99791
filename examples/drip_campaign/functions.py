import inngest

from . import services
from .client import inngest_client
from .config import settings

USER_ENROLLED = "drip/user.enrolled"
USER_UNSUBSCRIBED = "drip/user.unsubscribed"
USER_CONVERTED = "drip/user.converted"
CAMPAIGN_PAUSED = "drip/campaign.paused"


# --8<-- [start:drip_sequence]
@inngest_client.create_function(
    fn_id="drip-sequence",
    trigger=inngest.TriggerEvent(event=USER_ENROLLED),
    # Any one of these events cancels the matching runs. `event` is the event
    # that started the run, `async` the candidate cancel event.
    cancel=[
        inngest.Cancel(event=USER_UNSUBSCRIBED, if_exp="async.data.user_id == event.data.user_id"),
        inngest.Cancel(event=USER_CONVERTED, if_exp="async.data.user_id == event.data.user_id"),
        inngest.Cancel(event=CAMPAIGN_PAUSED, if_exp="async.data.campaign_id == event.data.campaign_id"),
    ],
)
async def drip_sequence(ctx: inngest.Context) -> dict:
    user_id: str = ctx.event.data["user_id"]
    campaign_id: str = ctx.event.data["campaign_id"]

    await ctx.step.run("send-welcome", services.send_email, user_id, campaign_id, "welcome")
    await ctx.step.sleep("wait-before-tips", settings.tips_delay)
    await ctx.step.run("send-tips", services.send_email, user_id, campaign_id, "tips")
    await ctx.step.sleep("wait-before-offer", settings.offer_delay)
    await ctx.step.run("send-offer", services.send_email, user_id, campaign_id, "offer")
    return {"user_id": user_id, "campaign_id": campaign_id, "emails_sent": 3}
# --8<-- [end:drip_sequence]


functions = [drip_sequence]
