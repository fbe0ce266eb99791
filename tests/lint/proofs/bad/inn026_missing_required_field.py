"""A rate limit without its period."""

import inngest

client = inngest.Inngest(app_id="lint-inn026-missing", is_production=False)
PROOF = {"rule": "INN026", "kind": "import", "error": "FunctionConfigInvalidError"}


@client.create_function(
    fn_id="notify",
    trigger=inngest.TriggerEvent(event="lint/inn026-missing"),
    rate_limit=inngest.RateLimit(limit=1, key="event.data.user_id"),  # expect: INN026
)
async def notify(ctx: inngest.Context) -> None:
    return None


functions = [notify]
