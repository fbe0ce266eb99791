"""FastAPI app: endpoints that queue many reports, syncs or exports in one request.

The endpoints only send events; the concurrency limits on the functions decide
how many run at once, and every request is eventually processed.

Run it:  INNGEST_DEV=1 uvicorn examples.concurrency_limits.main:app --port 8000
"""

import uuid

import inngest
import inngest.fast_api
from fastapi import FastAPI
from pydantic import BaseModel, Field

from .client import inngest_client
from .config import settings
from .functions import ACCOUNT_SYNC_REQUESTED, LEDGER_EXPORT_REQUESTED, REPORT_REQUESTED, functions

app = FastAPI(title="concurrency limits")


class ReportsIn(BaseModel):
    report_ids: list[str] = Field(min_length=1)


class AccountsIn(BaseModel):
    account_ids: list[str] = Field(min_length=1)  # one sync (or export) per entry; repeats allowed


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


@app.post("/reports", status_code=202)
async def render_reports(body: ReportsIn) -> dict:
    events = [inngest.Event(name=REPORT_REQUESTED, data={"report_id": r}) for r in body.report_ids]
    return {"event_ids": await inngest_client.send(events)}


@app.post("/syncs", status_code=202)
async def sync_accounts(body: AccountsIn) -> dict:
    items = [{"sync_id": _new_id("sync"), "account_id": a} for a in body.account_ids]
    ids = await inngest_client.send([inngest.Event(name=ACCOUNT_SYNC_REQUESTED, data=i) for i in items])
    return {"items": items, "event_ids": ids}


@app.post("/exports", status_code=202)
async def export_ledgers(body: AccountsIn) -> dict:
    items = [{"export_id": _new_id("exp"), "account_id": a} for a in body.account_ids]
    ids = await inngest_client.send([inngest.Event(name=LEDGER_EXPORT_REQUESTED, data=i) for i in items])
    return {"items": items, "event_ids": ids}


inngest.fast_api.serve(app, inngest_client, functions)

__all__ = ["app", "functions", "inngest_client", "settings"]
