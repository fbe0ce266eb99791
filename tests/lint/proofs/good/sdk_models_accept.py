"""Config values the SDK's strict models accept (the import works)."""

import datetime

import inngest

client = inngest.Inngest(app_id="lint-good-models", is_production=False)
PROOF = {"kind": "import"}


async def alert(ctx: inngest.Context) -> None:
    return None


@client.create_function(
    fn_id="triage",
    trigger=inngest.TriggerEvent(event="lint/good-models"),
    concurrency=[inngest.Concurrency(limit=1, scope="env", key="event.data.account_id")],
    priority=inngest.Priority(run="60"),
    batch_events=None,
    on_failure=alert,
    throttle=inngest.Throttle(limit=2, period=datetime.timedelta(seconds=1)),
    retries=3,
)
async def triage(ctx: inngest.Context) -> None:
    return None


functions = [triage]
