import inngest

from . import services
from .client import inngest_client

CONTACT_UPDATED = "crm/contact.updated"


# --8<-- [start:push_contact_step]
async def push_contact_step(contact_id: str, email: str, attempt: int) -> dict:
    try:
        return await services.push_contact(contact_id, email, attempt)
    except services.RateLimited as err:
        # Message first, then when: int milliseconds, a timedelta, or a datetime.
        # The SDK turns it into a Retry-After time; the server schedules the
        # retry then instead of using its backoff table: at most 24 h ahead, and a
        # time under 1 s ahead becomes the next whole second (0-1 s later).
        raise inngest.RetryAfterError(f"CRM rate limit for {contact_id}", err.retry_after) from err
# --8<-- [end:push_contact_step]


# --8<-- [start:sync_contact]
@inngest_client.create_function(
    fn_id="sync-contact",
    trigger=inngest.TriggerEvent(event=CONTACT_UPDATED),
    retries=3,  # a RetryAfterError retry uses up one of these attempts too
)
async def sync_contact(ctx: inngest.Context) -> dict:
    contact_id: str = ctx.event.data["contact_id"]
    pushed = await ctx.step.run("push-contact", push_contact_step, contact_id, ctx.event.data["email"], ctx.attempt)
    return {"contact_id": contact_id, **pushed}
# --8<-- [end:sync_contact]


functions = [sync_contact]
