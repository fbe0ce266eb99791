import datetime

import inngest

from . import services
from .client import inngest_client
from .services import Quote

QUOTE_REQUESTED = "renewal-quote/requested"
TYPED_QUOTE_REQUESTED = "renewal-quote/typed.requested"
ROUND_TRIP_REQUESTED = "renewal-quote/round-trip.requested"
UNCONVERTED_REQUESTED = "renewal-quote/unconverted.requested"


# --8<-- [start:json_then_rebuild]
@inngest_client.create_function(
    fn_id="quote-renewal",
    trigger=inngest.TriggerEvent(event=QUOTE_REQUESTED),
)
async def quote_renewal(ctx: inngest.Context) -> dict:
    account_id: str = ctx.event.data["account_id"]

    # Steps return JSON (dict, list, str, int, float, bool, None)...
    account = await ctx.step.run("load-account", services.load_account, account_id)
    renews_at_iso = await ctx.step.run("read-renewal-date", services.renewal_date_iso, account_id)
    quote_json = await ctx.step.run(
        "price-quote", services.price_quote_json, account_id, account["plan"], account["seats"]
    )

    # ...and the handler rebuilds rich types from the stored JSON. It re-runs
    # on every replay, so it always sees exactly what was stored.
    renews_at = datetime.datetime.fromisoformat(renews_at_iso)
    quote = Quote.model_validate(quote_json)

    return {
        "account_id": account_id,
        "addons": account["addons"],
        "total": quote.total,
        "renews_on": renews_at.strftime("%A %d %B %Y"),
        "quote_renews_at_is_datetime": isinstance(quote.renews_at, datetime.datetime),
    }
# --8<-- [end:json_then_rebuild]


# --8<-- [start:typed_with_serializer]
@inngest_client.create_function(
    fn_id="quote-renewal-typed",
    trigger=inngest.TriggerEvent(event=TYPED_QUOTE_REQUESTED),
)
async def quote_renewal_typed(ctx: inngest.Context) -> dict:
    account_id: str = ctx.event.data["account_id"]

    # The client has `serializer=inngest.PydanticSerializer()`; `output_type=`
    # makes the step store JSON and hand back the rebuilt type on replay.
    quote = await ctx.step.run("price-quote", services.price_quote, account_id, "team", 3, output_type=Quote)
    renews_at = await ctx.step.run(
        "read-renewal-date", services.renewal_date, account_id, output_type=datetime.datetime
    )

    return {
        "account_id": account_id,
        "quote_type": type(quote).__name__,
        "renews_at_type": type(renews_at).__name__,
        "total": quote.total,
        "renews_on": renews_at.strftime("%A %d %B %Y"),
    }
# --8<-- [end:typed_with_serializer]


@inngest_client.create_function(
    fn_id="round-trip-shapes",
    trigger=inngest.TriggerEvent(event=ROUND_TRIP_REQUESTED),
)
async def round_trip_shapes(ctx: inngest.Context) -> dict:
    """What the handler gets back from a step that returned a tuple and int keys."""
    account_id: str = ctx.event.data["account_id"]
    account = await ctx.step.run("load-account", services.load_account, account_id)
    shapes = await ctx.step.run("python-only-shapes", services.python_only_shapes, account_id)
    return {
        "account": account,
        "seat_range": shapes["seat_range"],
        "seat_range_type": type(shapes["seat_range"]).__name__,
        "price_keys": list(shapes["price_by_seats"]),
    }


@inngest_client.create_function(
    fn_id="return-unconverted",
    trigger=inngest.TriggerEvent(event=UNCONVERTED_REQUESTED),
    retries=1,  # one retry: shows whether the failure (and the side effect) repeats
)
async def return_unconverted(ctx: inngest.Context) -> str:
    """Steps that return values json.dumps cannot encode (kept to show what happens)."""
    account_id: str = ctx.event.data["account_id"]
    kind: str = ctx.event.data["kind"]
    if kind == "datetime":
        value = await ctx.step.run("read-renewal-date", services.renewal_date, account_id)
    elif kind == "model":  # a model, but no output_type=
        value = await ctx.step.run("price-quote", services.price_quote, account_id, "pro", 1)
    else:
        value = await ctx.step.run("load-billing-record", services.load_billing_record, account_id)
    return type(value).__name__


functions = [quote_renewal, quote_renewal_typed, round_trip_shapes, return_unconverted]
