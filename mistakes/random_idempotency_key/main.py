"""An Idempotency-Key generated inside the step (uuid4) is new on every attempt,
so when the provider charged but the answer was lost, the retry charges again.
Right form: examples/payment_idempotency/functions.py#charge_invoice.
"""

import uuid
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-random-idempotency-key")

INVOICE_DUE = "mistakebilling/invoice.due"
ledger: Counter = Counter()  # (invoice_id, "charge") = real charges; (invoice_id, "request") = calls
_answers_by_key: dict[str, dict] = {}
lose_response_once_for: set[str] = set()


class ConnectionLost(Exception):
    pass


async def create_charge(invoice_id: str, amount_cents: int, idempotency_key: str) -> dict:
    """Same provider behaviour as examples/payment_idempotency/services.py."""
    ledger[(invoice_id, "request")] += 1
    if idempotency_key not in _answers_by_key:
        ledger[(invoice_id, "charge")] += 1
        _answers_by_key[idempotency_key] = {"charge_id": f"ch_{len(_answers_by_key) + 1}", "amount": amount_cents}
    if invoice_id in lose_response_once_for:
        lose_response_once_for.discard(invoice_id)
        raise ConnectionLost("connection reset after the request was sent")
    return _answers_by_key[idempotency_key]


# --8<-- [start:random_key]
# WRONG: uuid4() runs again on the retry, so the provider sees a new key and charges the card a second time
async def charge_invoice(invoice_id: str, amount_cents: int) -> dict:
    idempotency_key = str(uuid.uuid4())
    return await create_charge(invoice_id, amount_cents, idempotency_key)
# --8<-- [end:random_key]


@inngest_client.create_function(
    fn_id="collect-invoice-payment",
    trigger=inngest.TriggerEvent(event=INVOICE_DUE),
    retries=3,
)
async def collect_invoice_payment(ctx: inngest.Context) -> dict:
    invoice_id = ctx.event.data["invoice_id"]
    charge = await ctx.step.run("charge-card", charge_invoice, invoice_id, ctx.event.data["amount_cents"])
    return {"invoice_id": invoice_id, "charge_id": charge["charge_id"]}


functions = [collect_invoice_payment]
app = FastAPI(title="mistake: random idempotency key")
inngest.fast_api.serve(app, inngest_client, functions)
