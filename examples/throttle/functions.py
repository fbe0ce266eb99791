import inngest

from . import services
from .client import inngest_client
from .config import settings

CONTACT_CHANGED = "partner-crm/contact.changed"
DIGEST_DUE = "partner-crm/digest.due"


# --8<-- [start:push_contact]
@inngest_client.create_function(
    fn_id="push-contact",
    trigger=inngest.TriggerEvent(event=CONTACT_CHANGED),
    # At most `contact_writes` run starts per `contact_period` for each workspace.
    # burst=0: the SDK's default burst=1 would let limit + 1 runs start at once.
    # Runs over the limit are queued and start later; none is dropped.
    throttle=inngest.Throttle(
        limit=settings.contact_writes,
        period=settings.contact_period,
        burst=0,
        key="event.data.workspace_id",
    ),
    retries=0,
)
async def push_contact(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("push-contact", services.push_contact, data["contact_id"], data["workspace_id"])
# --8<-- [end:push_contact]


# --8<-- [start:send_digest]
@inngest_client.create_function(
    fn_id="send-digest",
    trigger=inngest.TriggerEvent(event=DIGEST_DUE),
    # burst lets `limit + burst` runs start back to back before the steady
    # rate of one per period / limit applies.
    throttle=inngest.Throttle(
        limit=settings.digest_sends,
        period=settings.digest_period,
        burst=settings.digest_burst,
        key="event.data.workspace_id",
    ),
    retries=0,
)
async def send_digest(ctx: inngest.Context) -> dict:
    data = ctx.event.data
    return await ctx.step.run("send-digest", services.send_digest, data["digest_id"], data["workspace_id"])
# --8<-- [end:send_digest]


functions = [push_contact, send_digest]
