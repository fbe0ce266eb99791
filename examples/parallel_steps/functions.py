import functools

import inngest

from . import services
from .client import inngest_client
from .services import CARRIERS

QUOTES_PARALLEL_REQUESTED = "shipping-quote/parallel.requested"
QUOTES_SEQUENTIAL_REQUESTED = "shipping-quote/sequential.requested"


# --8<-- [start:parallel_quotes]
@inngest_client.create_function(
    fn_id="quote-shipping-parallel",
    trigger=inngest.TriggerEvent(event=QUOTES_PARALLEL_REQUESTED),
)
async def quote_shipping_parallel(ctx: inngest.Context) -> dict:
    shipment_id: str = ctx.event.data["shipment_id"]
    weight_kg: float = ctx.event.data["weight_kg"]

    # A tuple of zero-argument callables, each starting one step. The server
    # runs them as separate requests at the same time. functools.partial binds
    # the carrier now; a `lambda: ...` built in a loop would see only the last one.
    quotes = await ctx.group.parallel(
        tuple(
            functools.partial(ctx.step.run, f"quote-{carrier}", services.quote_rate, shipment_id, carrier, weight_kg)
            for carrier in CARRIERS
        )
    )

    cheapest = min(quotes, key=lambda q: q["price"])  # results come back in the order given
    booking = await ctx.step.run("book-cheapest", services.book, shipment_id, cheapest["carrier"], cheapest["price"])
    return {"shipment_id": shipment_id, "quotes": list(quotes), **booking}
# --8<-- [end:parallel_quotes]


# --8<-- [start:sequential_quotes]
@inngest_client.create_function(
    fn_id="quote-shipping-sequential",
    trigger=inngest.TriggerEvent(event=QUOTES_SEQUENTIAL_REQUESTED),
)
async def quote_shipping_sequential(ctx: inngest.Context) -> dict:
    shipment_id: str = ctx.event.data["shipment_id"]
    weight_kg: float = ctx.event.data["weight_kg"]

    # The same steps one after another: each waits for the previous one.
    quotes = []
    for carrier in CARRIERS:
        quotes.append(await ctx.step.run(f"quote-{carrier}", services.quote_rate, shipment_id, carrier, weight_kg))

    cheapest = min(quotes, key=lambda q: q["price"])
    booking = await ctx.step.run("book-cheapest", services.book, shipment_id, cheapest["carrier"], cheapest["price"])
    return {"shipment_id": shipment_id, "quotes": quotes, **booking}
# --8<-- [end:sequential_quotes]


functions = [quote_shipping_parallel, quote_shipping_sequential]
