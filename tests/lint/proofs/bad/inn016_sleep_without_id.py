"""A sleep without its step id."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn016-sleep", is_production=False)
PROOF = {"rule": "INN016", "kind": "run", "event": "lint/inn016-sleep", "status": "FAILED", "output_has": "TypeError"}


@client.create_function(fn_id="pause", trigger=inngest.TriggerEvent(event="lint/inn016-sleep"), retries=0)
async def pause(ctx: inngest.Context) -> None:
    await ctx.step.sleep(datetime.timedelta(seconds=1))  # expect: INN016


functions = [pause]
