"""`and` is Python, not CEL."""

import inngest

client = inngest.Inngest(app_id="lint-inn020-cancel", is_production=False)
PROOF = {"rule": "INN020", "kind": "sync", "error": "Cancellation expression is invalid"}


@client.create_function(
    fn_id="fulfil",
    trigger=inngest.TriggerEvent(event="lint/inn020-cancel"),
    cancel=[inngest.Cancel(event="lint/inn020-cancelled",
                           if_exp="async.data.order_id == event.data.order_id and async.data.final")],  # expect: INN020
)
async def fulfil(ctx: inngest.Context) -> None:
    return None


functions = [fulfil]
