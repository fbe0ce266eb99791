import inngest

from ... import services
from ..client import inngest_client
from ..events import USER_SIGNED_UP


@inngest_client.create_function(fn_id="onboard-user", trigger=inngest.TriggerEvent(event=USER_SIGNED_UP))
async def onboard_user(ctx: inngest.Context) -> dict:
    user_id: str = ctx.event.data["user_id"]
    workspace = await ctx.step.run("create-workspace", services.create_workspace, user_id, ctx.event.data["plan"])
    crm = await ctx.step.run("add-to-crm", services.add_to_crm, user_id, ctx.event.data["email"])
    return {"user_id": user_id, **workspace, **crm}
