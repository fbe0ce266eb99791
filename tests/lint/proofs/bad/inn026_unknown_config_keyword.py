"""`key_expression=` is not a Throttle field: the SDK drops it, the server throttles globally."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-inn026-dropped", is_production=False)
PROOF = {"rule": "INN026", "kind": "config", "path": ["throttle", "key"], "value": None}


@client.create_function(
    fn_id="push",
    trigger=inngest.TriggerEvent(event="lint/inn026-dropped"),
    throttle=inngest.Throttle(limit=1, period=datetime.timedelta(seconds=1),  # expect: INN026
                              key_expression="event.data.account_id"),
)
async def push(ctx: inngest.Context) -> None:
    return None


functions = [push]
