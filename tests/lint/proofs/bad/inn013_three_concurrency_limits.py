"""Three concurrency constraints on one function: the server refuses the whole app."""

import inngest

client = inngest.Inngest(app_id="lint-inn013-concurrency", is_production=False)
PROOF = {"rule": "INN013", "kind": "sync",
         "error": "There are more concurrency limits specified than the allowed max of: 2"}


@client.create_function(
    fn_id="process",
    trigger=inngest.TriggerEvent(event="lint/inn013-concurrency"),
    concurrency=[  # expect: INN013
        inngest.Concurrency(limit=50),
        inngest.Concurrency(limit=10, key="event.data.priority"),
        inngest.Concurrency(limit=5, key="event.data.customer_id"),
    ],
)
async def process(ctx: inngest.Context) -> None:
    return None


functions = [process]
