import inngest

from . import services
from .client import inngest_client

QUOTE_REQUESTED = "fxquote/requested"


# --8<-- [start:price_quote]
@inngest_client.create_function(
    fn_id="price-quote",
    trigger=inngest.TriggerEvent(event=QUOTE_REQUESTED),
    retries=2,
)
async def price_quote(ctx: inngest.Context) -> dict:
    quote_id: str = ctx.event.data["quote_id"]
    currency: str = ctx.event.data["currency"]
    amount: float = ctx.event.data["amount"]

    try:
        rate = await ctx.step.run("fetch-live-rate", services.fetch_live_rate, quote_id, currency)
        source, problem = "live", None
    except inngest.StepError as err:
        # Reached only once the step has used all its attempts (retries=2: 3),
        # and only for ordinary exceptions: a NonRetriableError or RetryAfterError
        # raised in the step skips this and fails the run.
        # err.name / err.message are the original exception's class name and text.
        problem = {"name": err.name, "message": err.message}
        # The fallback is a step too: memoized, so it runs once.
        rate = await ctx.step.run("use-cached-rate", services.cached_rate, quote_id, currency)
        source = "cache"

    return {"quote_id": quote_id, "rate": rate, "total": round(amount * rate, 2), "source": source, "problem": problem}
# --8<-- [end:price_quote]


functions = [price_quote]
