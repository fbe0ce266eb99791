import inngest

from . import services
from .client import inngest_client

TICKET_CREATED = "tickets/ticket.created"


# --8<-- [start:record_ticket]
@inngest_client.create_function(
    fn_id="record-ticket",
    trigger=inngest.TriggerEvent(event=TICKET_CREATED),
    retries=2,
)
async def record_ticket(ctx: inngest.Context) -> dict:
    ticket_id: str = ctx.event.data["ticket_id"]
    # Each step opens (and closes) its own connection when it runs.
    await ctx.step.run("save-ticket", services.save_ticket, ticket_id, ctx.event.data["subject"])
    open_tickets = await ctx.step.run("count-open-tickets", services.count_open_tickets, ticket_id)
    return {"ticket_id": ticket_id, "open_tickets": open_tickets}
# --8<-- [end:record_ticket]


functions = [record_ticket]
