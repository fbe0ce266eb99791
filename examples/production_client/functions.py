import inngest

from . import services
from .client import inngest_client

USER_SIGNED_UP = "prodclient/user.signed-up"


@inngest_client.create_function(fn_id="welcome-user", trigger=inngest.TriggerEvent(event=USER_SIGNED_UP))
async def welcome_user(ctx: inngest.Context) -> dict:
    user_id: str = ctx.event.data["user_id"]
    return await ctx.step.run("send-welcome", services.send_welcome, user_id, ctx.event.data["email"])


functions = [welcome_user]
