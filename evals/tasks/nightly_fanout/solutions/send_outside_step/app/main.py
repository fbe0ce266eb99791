"""Reporting service: nightly fan-out, one run per account."""

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="nightly-reports")
ACCOUNT_REQUESTED = "reports/account.requested"


@inngest_client.create_function(
    fn_id="plan-nightly-reports",
    trigger=[inngest.TriggerCron(cron="0 3 * * *"), inngest.TriggerEvent(event="reports/nightly.requested")],
)
async def plan_nightly_reports(ctx: inngest.Context) -> dict:
    accounts = await ctx.step.run("list-accounts", services.list_accounts)
    # WRONG: a send in the function body runs again on every replay
    await inngest_client.send([inngest.Event(name=ACCOUNT_REQUESTED, data={"account_id": a}) for a in accounts])
    await ctx.step.run("notify-ops", services.notify_ops, len(accounts))
    return {"accounts": len(accounts)}


@inngest_client.create_function(fn_id="build-account-report", trigger=inngest.TriggerEvent(event=ACCOUNT_REQUESTED))
async def build_account_report(ctx: inngest.Context) -> dict:
    account_id = ctx.event.data["account_id"]
    await ctx.step.run("build-report", services.build_report, account_id)
    return {"account_id": account_id}


app = FastAPI(title="reports")
inngest.fast_api.serve(app, inngest_client, [plan_nightly_reports, build_account_report])
