"""Six cancellation events: the server allows five."""

import inngest

client = inngest.Inngest(app_id="lint-inn027-cancel", is_production=False)
PROOF = {"rule": "INN027", "kind": "sync", "error": "exceeds the max number of cancellation events: 5"}
STOP_EVENTS = ["order/cancelled", "order/refunded", "order/deleted", "user/deleted", "user/banned", "shop/closed"]


@client.create_function(
    fn_id="fulfil",
    trigger=inngest.TriggerEvent(event="lint/inn027-cancel"),
    cancel=[inngest.Cancel(event=name) for name in STOP_EVENTS],  # expect: INN027
)
async def fulfil(ctx: inngest.Context) -> None:
    return None


functions = [fulfil]
