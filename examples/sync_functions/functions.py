import functools

import inngest

from . import services
from .client import inngest_client
from .config import settings

CATALOG_REFRESH_REQUESTED = "syncdemo/catalog.refresh-requested"


# --8<-- [start:refresh_catalog]
@inngest_client.create_function(
    fn_id="refresh-catalog",
    trigger=inngest.TriggerEvent(event=CATALOG_REFRESH_REQUESTED),
)
def refresh_catalog(ctx: inngest.ContextSync) -> dict:  # plain def: the SDK runs it in a thread pool
    catalog_id: str = ctx.event.data["catalog_id"]
    skus = ctx.step.run("load-skus", services.load_skus, catalog_id)

    # One step per SKU, run in parallel. functools.partial binds each SKU now;
    # a bare `lambda: ctx.step.run(f"price-{sku}", ...)` in a loop would see only the last SKU.
    prices = ctx.group.parallel(
        tuple(
            functools.partial(
                ctx.step.run, f"price-{sku}", services.fetch_price, catalog_id, sku, settings.price_lookup_seconds
            )
            for sku in skus
        )
    )
    published = ctx.step.run("publish", services.publish, catalog_id, list(prices))
    return {"catalog_id": catalog_id, "prices": list(prices), **published}
# --8<-- [end:refresh_catalog]


functions = [refresh_catalog]
