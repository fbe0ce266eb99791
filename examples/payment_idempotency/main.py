"""FastAPI app: an invoice falls due; a workflow charges it exactly once.

Run it:  INNGEST_DEV=1 uvicorn examples.payment_idempotency.main:app --port 8000
"""

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .functions import INVOICE_DUE, functions

app = FastAPI(title="invoice billing")


class InvoiceIn(BaseModel):
    customer_id: str
    amount_cents: int = Field(gt=0)


@app.post("/invoices/{invoice_id}/collect", status_code=202)
async def collect(invoice_id: str, invoice: InvoiceIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=INVOICE_DUE, data={"invoice_id": invoice_id, **invoice.model_dump()})
    )
    return {"invoice_id": invoice_id, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client"]
