import uuid

import inngest
from fastapi import APIRouter
from pydantic import BaseModel, Field

from ..inngest.client import inngest_client
from ..inngest.events import INVOICE_CREATED

router = APIRouter(prefix="/invoices", tags=["billing"])


class InvoiceIn(BaseModel):
    email: str
    amount_cents: int = Field(gt=0)


@router.post("", status_code=202)
async def create_invoice(body: InvoiceIn) -> dict:
    invoice_id = f"inv_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=INVOICE_CREATED, data={"invoice_id": invoice_id, **body.model_dump()})
    )
    return {"invoice_id": invoice_id, "event_ids": ids}
