import inngest

from . import services
from .client import inngest_client
from .config import settings

EXPENSE_SUBMITTED = "expense/submitted"
EXPENSE_DECIDED = "expense/decided"


# --8<-- [start:approve_expense]
@inngest_client.create_function(
    fn_id="approve-expense",
    trigger=inngest.TriggerEvent(event=EXPENSE_SUBMITTED),
)
async def approve_expense(ctx: inngest.Context) -> dict:
    expense_id: str = ctx.event.data["expense_id"]
    amount: float = ctx.event.data["amount"]
    approver = services.approver_for(amount)  # pure and deterministic: fine outside a step

    await ctx.step.run("notify-approver", services.notify_approver, expense_id, approver, amount)

    # Matches only a decision for *this* expense. `event` is the event that
    # started this run, `async` the candidate decision event. Comparing the two
    # fields needs no string interpolation of user data into the expression.
    decision = await ctx.step.wait_for_event(
        "wait-for-decision",
        event=EXPENSE_DECIDED,
        if_exp="async.data.expense_id == event.data.expense_id",
        timeout=settings.decision_timeout,
    )

    if decision is None:  # nobody decided in time
        escalation = await ctx.step.run("escalate", services.escalate, expense_id, approver)
        return {"expense_id": expense_id, "status": "escalated", **escalation}

    if decision.data.get("approved") is True:
        payment = await ctx.step.run(
            "schedule-payment", services.schedule_payment, expense_id, amount, decision.data["approver"]
        )
        return {"expense_id": expense_id, "status": "approved", **payment}

    await ctx.step.run(
        "notify-rejection",
        services.notify_rejection,
        expense_id,
        ctx.event.data["submitter"],
        decision.data.get("reason"),
    )
    return {"expense_id": expense_id, "status": "rejected", "reason": decision.data.get("reason")}
# --8<-- [end:approve_expense]


functions = [approve_expense]
