import inngest

from . import services
from .client import inngest_client
from .config import settings

BATCH_SUBMITTED = "media/batch.submitted"  # many items: fan out with events
RESIZE_ITEM = "media/batch-item.resize"  # one per item, handled by a worker run
BATCH_COMPLETED = "media/batch.completed"  # sent once, by the last worker
ALBUM_SUBMITTED = "media/album.submitted"  # few items: invoke in parallel
THUMBNAIL_REQUESTED = "media/thumbnail.requested"  # the invokable child's own trigger


# --8<-- [start:fan_out]
@inngest_client.create_function(
    fn_id="start-batch",
    trigger=inngest.TriggerEvent(event=BATCH_SUBMITTED),
)
async def start_batch(ctx: inngest.Context) -> dict:
    batch_id: str = ctx.event.data["batch_id"]
    items: list[dict] = ctx.event.data["items"]

    # The total is stored before any worker can finish.
    await ctx.step.run("register-batch", services.register_batch, batch_id, len(items))
    # One list, one step: sent once even if this run is retried later.
    await ctx.step.send_event(
        "fan-out",
        [inngest.Event(name=RESIZE_ITEM, data={"batch_id": batch_id, "item": item}) for item in items],
    )
    # No wait_for_event here: the fan-in does not depend on this run being alive.
    return {"batch_id": batch_id, "dispatched": len(items)}
# --8<-- [end:fan_out]


# --8<-- [start:worker]
@inngest_client.create_function(
    fn_id="resize-batch-item",
    trigger=inngest.TriggerEvent(event=RESIZE_ITEM),
    concurrency=[inngest.Concurrency(limit=20)],
)
async def resize_batch_item(ctx: inngest.Context) -> dict:
    batch_id: str = ctx.event.data["batch_id"]
    item: dict = ctx.event.data["item"]

    result = await ctx.step.run("resize", services.resize, item)
    progress = await ctx.step.run("record-completion", services.record_completion, batch_id, item["id"], result)

    if progress["done"] == progress["total"]:
        # Only the worker whose record made the count complete gets here. The
        # event id makes a duplicate announcement (a rare retry) start no second run.
        await ctx.step.send_event(
            "announce-batch-completed",
            inngest.Event(
                name=BATCH_COMPLETED,
                id=f"batch-completed-{batch_id}",
                data={"batch_id": batch_id, "total": progress["total"]},
            ),
        )
    return {"item_id": item["id"], **progress}
# --8<-- [end:worker]


# --8<-- [start:finisher]
@inngest_client.create_function(
    fn_id="finish-batch",
    trigger=inngest.TriggerEvent(event=BATCH_COMPLETED),
)
async def finish_batch(ctx: inngest.Context) -> dict:
    batch_id: str = ctx.event.data["batch_id"]
    results = await ctx.step.run("collect-results", services.collect_results, batch_id)
    await ctx.step.run("notify-owner", services.notify_owner, batch_id, len(results))
    return {"batch_id": batch_id, "items": len(results), "thumbnails": [r["thumbnail"] for r in results]}
# --8<-- [end:finisher]


# --8<-- [start:parallel_invoke]
@inngest_client.create_function(
    fn_id="resize-image",
    trigger=inngest.TriggerEvent(event=THUMBNAIL_REQUESTED),
)
async def resize_image(ctx: inngest.Context) -> dict:
    return await ctx.step.run("resize", services.resize, dict(ctx.event.data))


@inngest_client.create_function(
    fn_id="resize-album",
    trigger=inngest.TriggerEvent(event=ALBUM_SUBMITTED),
)
async def resize_album(ctx: inngest.Context) -> dict:
    items: list[dict] = ctx.event.data["items"]
    if len(items) > settings.max_parallel_invokes:
        raise inngest.NonRetriableError(f"{len(items)} items: submit them as a batch instead")

    # The parent waits for every child: the fan-in is the invoke results themselves.
    results = await ctx.group.parallel(
        tuple(
            # item=item binds each item now; a bare closure would see only the last one.
            lambda item=item: ctx.step.invoke(f"resize-{item['id']}", function=resize_image, data=item)
            for item in items
        )
    )
    return {"album_id": ctx.event.data["album_id"], "thumbnails": [r["thumbnail"] for r in results]}
# --8<-- [end:parallel_invoke]


functions = [start_batch, resize_batch_item, finish_batch, resize_image, resize_album]
