import inngest

from . import services
from .client import inngest_client
from .config import settings

USER_JOINED = "deploy/user.joined"


# --8<-- [start:onboarding]
@inngest_client.create_function(fn_id="onboarding", trigger=inngest.TriggerEvent(event=USER_JOINED))
async def onboarding(ctx: inngest.Context) -> dict:
    user_id: str = ctx.event.data["user_id"]

    # Steps are found by id, not by position. A renamed step is a new step:
    # in-flight runs execute it again.
    welcome_id = "send-welcome-email" if settings.rename_welcome_step else "send-welcome"
    await ctx.step.run(welcome_id, services.send, user_id, "welcome")

    if settings.add_survey_step:
        # A step added by a later release runs in runs that were already past
        # this point when it was deployed.
        await ctx.step.run("send-survey", services.send, user_id, "survey")

    await ctx.step.sleep("welcome-pause", settings.welcome_pause)
    await ctx.step.run("send-tips", services.send, user_id, "tips")
    return {"user_id": user_id}
# --8<-- [end:onboarding]


functions = [onboarding]
