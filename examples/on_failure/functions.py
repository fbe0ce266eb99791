import inngest

from . import services
from .client import inngest_client

CATALOG_IMPORT_REQUESTED = "catalog/import.requested"


# --8<-- [start:on_failure_handler]
async def report_import_failure(ctx: inngest.Context) -> dict:
    # ctx.event is the "inngest/function.failed" event, not the original one:
    #   data.event     the event that started the failed run
    #   data.error     {"name", "message", "stack", ...} of the final error
    #   data.run_id    the failed run; data.function_id its fully qualified slug
    original = ctx.event.data["event"]
    catalog_id = original["data"]["catalog_id"]
    failure = {"name": ctx.event.name, "data": ctx.event.data}
    await ctx.step.run("page-ops", services.page_ops, catalog_id, failure)
    return {"catalog_id": catalog_id, "failed_run": ctx.event.data["run_id"]}


@inngest_client.create_function(
    fn_id="import-catalog",
    trigger=inngest.TriggerEvent(event=CATALOG_IMPORT_REQUESTED),
    retries=1,
    # Same kind as the handler: an async function needs an async on_failure.
    on_failure=report_import_failure,
)
async def import_catalog(ctx: inngest.Context) -> dict:
    catalog_id: str = ctx.event.data["catalog_id"]
    feed = await ctx.step.run("download-feed", services.download_feed, catalog_id, ctx.event.data["feed_url"])
    return {"catalog_id": catalog_id, "products": feed["products"]}
# --8<-- [end:on_failure_handler]


functions = [import_catalog]
