"""Valid CEL naming `event` and `async`: keys, a trigger filter, a cancellation, a priority, a wait."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-good-expressions", is_production=False)
PROOF = {"kind": "run", "event": "lint/good-expressions", "data": {"order_id": "o-1", "plan": "pro"},
         "status": "COMPLETED", "output": None}
MATCH = "async.data.order_id == event.data.order_id && async.data.approved == true"


@client.create_function(
    fn_id="approve",
    trigger=inngest.TriggerEvent(event="lint/good-expressions", expression="event.data.plan in ['pro', 'team']"),
    cancel=[inngest.Cancel(event="lint/good-expressions-cancelled", if_exp="async.data.order_id == event.data.order_id")],
    rate_limit=inngest.RateLimit(limit=100, period=datetime.timedelta(minutes=1), key="event.data.order_id"),
    priority=inngest.Priority(run="event.data.plan == 'pro' ? 60 : 0"),
    retries=0,
)
async def approve(ctx: inngest.Context) -> None:
    await ctx.step.wait_for_event("approval", event="lint/good-expressions-approved", if_exp=MATCH,
                                  timeout=datetime.timedelta(seconds=1))


functions = [approve]
