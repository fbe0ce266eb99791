import inngest

from . import services
from .client import inngest_client

PAYOUT_REQUESTED = "payout/requested"


# --8<-- [start:send_payout]
@inngest_client.create_function(
    fn_id="send-payout",
    trigger=inngest.TriggerEvent(event=PAYOUT_REQUESTED),
    retries=3,  # applies to transient errors only; NonRetriableError is never retried
)
async def send_payout(ctx: inngest.Context) -> dict:
    payout_id: str = ctx.event.data["payout_id"]
    account: str = ctx.event.data["account"]
    amount: float = ctx.event.data["amount"]

    # Raised in the handler, outside any step: the run fails at once.
    services.check_amount(payout_id, amount)

    # Raised inside a step: the SDK re-raises it out of step.run as is (not as
    # a StepError), so the whole run fails at once, with no retry.
    await ctx.step.run("verify-account", services.verify_account, payout_id, account)
    transfer = await ctx.step.run("transfer", services.transfer, payout_id, account, amount)
    return {"payout_id": payout_id, **transfer}
# --8<-- [end:send_payout]


functions = [send_payout]
