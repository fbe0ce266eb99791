import inngest

from ... import services
from ..client import inngest_client
from ..events import NOTIFICATION_REQUESTED


@inngest_client.create_function(
    fn_id="deliver-notification", trigger=inngest.TriggerEvent(event=NOTIFICATION_REQUESTED)
)
async def deliver_notification(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("deliver", services.deliver, data["to"], data["template"], data["ref"])
