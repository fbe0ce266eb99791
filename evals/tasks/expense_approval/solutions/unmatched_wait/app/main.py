"""Expenses service with the approval workflow."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="expense-approvals")
DECISION_TIMEOUT = datetime.timedelta(seconds=int(os.environ.get("DECISION_TIMEOUT_S", 48 * 3600)))


@inngest_client.create_function(fn_id="approve-expense", trigger=inngest.TriggerEvent(event="expenses/submitted"))
async def approve_expense(ctx: inngest.Context) -> dict:
    expense_id = ctx.event.data["expense_id"]
    await ctx.step.run("request-approval", services.request_approval, expense_id)
    decision = await ctx.step.wait_for_event(
        "wait-for-decision",
        event="expenses/decided",
        timeout=DECISION_TIMEOUT,
    )
    if decision is None:
        await ctx.step.run("escalate", services.escalate, expense_id)
        return {"expense_id": expense_id, "status": "escalated"}
    if decision.data.get("approved") is True:
        await ctx.step.run("pay", services.pay, expense_id)
        return {"expense_id": expense_id, "status": "paid"}
    return {"expense_id": expense_id, "status": "rejected"}


app = FastAPI(title="expenses")
inngest.fast_api.serve(app, inngest_client, [approve_expense])
