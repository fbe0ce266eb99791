import inngest

from . import services
from .client import inngest_client
from .config import settings

AWAITING_REPLY = "outreach/awaiting-reply"
# One event for every channel. The webhooks normalize what they receive into it.
LEAD_REPLIED = "outreach/lead.replied"


# --8<-- [start:await_reply]
@inngest_client.create_function(
    fn_id="await-lead-reply",
    trigger=inngest.TriggerEvent(event=AWAITING_REPLY),
)
async def await_lead_reply(ctx: inngest.Context) -> dict:
    lead_id: str = ctx.event.data["lead_id"]
    await ctx.step.run("send-outreach", services.send_outreach, lead_id, ctx.event.data["email"])

    # ONE wait covers every channel for the whole window: email, SMS and call
    # webhooks all send `outreach/lead.replied` with a `channel` field.
    reply = await ctx.step.wait_for_event(
        "wait-for-reply",
        event=LEAD_REPLIED,
        if_exp="async.data.lead_id == event.data.lead_id",
        timeout=settings.reply_timeout,
    )

    if reply is None:
        await ctx.step.run("mark-unresponsive", services.mark_unresponsive, lead_id)
        return {"lead_id": lead_id, "replied": False}

    channel = reply.data["channel"]
    await ctx.step.run("process-reply", services.process_reply, lead_id, channel, reply.data["text"])
    return {"lead_id": lead_id, "replied": True, "channel": channel}
# --8<-- [end:await_reply]


functions = [await_lead_reply]
