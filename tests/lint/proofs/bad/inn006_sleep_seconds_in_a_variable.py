"""A delay in seconds held in a variable: step.sleep takes milliseconds, so 5 s is 5 ms."""

import inngest

client = inngest.Inngest(app_id="lint-inn006-variable", is_production=False)
PROOF = {"rule": "INN006", "kind": "run", "event": "lint/inn006-variable", "status": "COMPLETED", "max_s": 1.0}


@client.create_function(fn_id="follow-up", trigger=inngest.TriggerEvent(event="lint/inn006-variable"), retries=0)
async def follow_up(ctx: inngest.Context) -> None:
    delay = 5  # seconds
    await ctx.step.sleep("cool-off", delay)  # expect: INN006


functions = [follow_up]
