import inngest

from ... import services
from ..client import inngest_client
from ..events import INVOICE_CREATED, NOTIFICATION_REQUESTED


@inngest_client.create_function(fn_id="charge-invoice", trigger=inngest.TriggerEvent(event=INVOICE_CREATED))
async def charge_invoice(ctx: inngest.Context) -> dict:
    invoice_id: str = ctx.event.data["invoice_id"]
    charge = await ctx.step.run("charge", services.charge, invoice_id, ctx.event.data["amount_cents"])
    # Hand the receipt to the notifications workflow: a step, so it is sent once.
    receipt_ids = await ctx.step.send_event(
        "request-receipt",
        inngest.Event(
            name=NOTIFICATION_REQUESTED,
            data={"to": ctx.event.data["email"], "template": "receipt", "ref": invoice_id},
        ),
    )
    return {"invoice_id": invoice_id, **charge, "receipt_event_id": receipt_ids[0]}
