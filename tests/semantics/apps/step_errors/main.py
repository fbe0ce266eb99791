"""A handler that falls back on `except inngest.StepError`, fed each kind of error a step can raise."""

from __future__ import annotations

import datetime
from collections import Counter

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-step-errors")

QUOTE_REQUESTED = "semantics-step-errors/quote.requested"

ledger: Counter = Counter()  # (quote_id, what) -> calls


async def fetch_quote(quote_id: str, kind: str) -> dict:
    ledger[(quote_id, "fetch")] += 1
    if kind == "plain":
        raise ConnectionError("pricing API down")
    if kind == "non-retriable":
        raise inngest.NonRetriableError("pricing API refused the request")
    if kind == "retry-after":
        raise inngest.RetryAfterError("pricing API rate-limited us", datetime.timedelta(seconds=1))
    return {"price": 100}


async def cached_quote(quote_id: str) -> dict:
    ledger[(quote_id, "fallback")] += 1
    return {"price": 120, "source": "cache"}


@inngest_client.create_function(
    fn_id="quote-with-fallback",
    trigger=inngest.TriggerEvent(event=QUOTE_REQUESTED),
    retries=1,
)
async def quote_with_fallback(ctx: inngest.Context) -> dict:
    quote_id: str = ctx.event.data["quote_id"]
    try:
        quote = await ctx.step.run("fetch-quote", fetch_quote, quote_id, ctx.event.data["kind"])
    except inngest.StepError:
        quote = await ctx.step.run("cached-quote", cached_quote, quote_id)
    return {"quote_id": quote_id, **quote}


functions = [quote_with_fallback]
app = FastAPI(title="semantics: step errors")
inngest.fast_api.serve(app, inngest_client, functions)
