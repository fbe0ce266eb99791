import inngest

from . import services
from .client import inngest_client

INVOICE_DUE = "billing/invoice.due"


# --8<-- [start:charge_invoice]
async def charge_invoice(invoice_id: str, customer_id: str, amount_cents: int) -> dict:
    # Derived from data that is the same on every attempt (never uuid4() or a
    # timestamp): a retry of this step sends the same key, and the provider
    # answers with the first charge instead of making a second one.
    idempotency_key = f"invoice-{invoice_id}-charge"
    return await services.create_charge(invoice_id, customer_id, amount_cents, idempotency_key)


@inngest_client.create_function(
    fn_id="collect-invoice-payment",
    trigger=inngest.TriggerEvent(event=INVOICE_DUE),
    retries=3,
)
async def collect_invoice_payment(ctx: inngest.Context) -> dict:
    invoice_id: str = ctx.event.data["invoice_id"]
    charge = await ctx.step.run(
        "charge-card", charge_invoice, invoice_id, ctx.event.data["customer_id"], ctx.event.data["amount_cents"]
    )
    return {"invoice_id": invoice_id, "charge_id": charge["charge_id"]}
# --8<-- [end:charge_invoice]


functions = [collect_invoice_payment]
