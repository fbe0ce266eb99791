"""FastAPI app: submit an expense, then record the approver's decision.

The decision endpoint does not touch the workflow directly: it sends an
`expense/decided` event, and the waiting run picks it up.

Run it:  INNGEST_DEV=1 uvicorn examples.approval.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import EXPENSE_DECIDED, EXPENSE_SUBMITTED, functions

app = FastAPI(title="expense approval")


class ExpenseIn(BaseModel):
    submitter: str
    amount: float = Field(gt=0)
    description: str = ""


class DecisionIn(BaseModel):
    approved: bool
    approver: str
    reason: str | None = None


@app.post("/expenses", status_code=202)
async def submit_expense(expense: ExpenseIn) -> dict:
    expense_id = f"exp_{uuid.uuid4().hex[:12]}"
    ids = await inngest_client.send(
        inngest.Event(name=EXPENSE_SUBMITTED, data={"expense_id": expense_id, **expense.model_dump()})
    )
    return {"expense_id": expense_id, "event_ids": ids}


# --8<-- [start:decision_endpoint]
@app.post("/expenses/{expense_id}/decision", status_code=202)
async def decide(expense_id: str, decision: DecisionIn) -> dict:
    ids = await inngest_client.send(
        inngest.Event(name=EXPENSE_DECIDED, data={"expense_id": expense_id, **decision.model_dump()})
    )
    return {"expense_id": expense_id, "event_ids": ids}
# --8<-- [end:decision_endpoint]


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
