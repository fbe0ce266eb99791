"""A value pasted into the match: a quote in the data breaks the expression."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn009-match", is_production=False)
PROOF = {"rule": "INN009", "kind": "run", "event": "lint/inn009-match", "data": {"lead": "O'Brien"},
         "status": "FAILED", "output_has": "xpression"}


@client.create_function(fn_id="follow-up", trigger=inngest.TriggerEvent(event="lint/inn009-match"), retries=0)
async def follow_up(ctx: inngest.Context) -> None:
    lead = ctx.event.data["lead"]
    await ctx.step.wait_for_event(
        "reply", event="lint/inn009-replied", if_exp=f"async.data.lead == '{lead}'",  # expect: INN009
        timeout=datetime.timedelta(seconds=5),
    )


functions = [follow_up]
