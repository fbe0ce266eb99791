"""Catalog search sync."""

import datetime
import os

import inngest
import inngest.fast_api
from fastapi import FastAPI

from . import services

inngest_client = inngest.Inngest(app_id="catalog-search")
QUIET = datetime.timedelta(seconds=int(os.environ.get("REINDEX_QUIET_S", "300")))


@inngest_client.create_function(
    fn_id="reindex-product",
    trigger=inngest.TriggerEvent(event="catalog/product.updated"),
    # WRONG: keeps the first save of each period, drops the later ones
    rate_limit=inngest.RateLimit(limit=1, period=QUIET, key="event.data.product_id"),
)
async def reindex_product(ctx: inngest.Context) -> dict:
    product_id = ctx.event.data["product_id"]
    version = ctx.event.data["version"]
    await ctx.step.run("reindex", services.reindex, product_id, version)
    return {"product_id": product_id, "version": version}


app = FastAPI(title="catalog search")
inngest.fast_api.serve(app, inngest_client, [reindex_product])
