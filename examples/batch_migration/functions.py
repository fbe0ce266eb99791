import inngest

from . import services
from .client import inngest_client
from .config import settings

MIGRATION_STARTED = "migration/started"
MIGRATION_CONTINUE = "migration/continue"


# --8<-- [start:migrate]
@inngest_client.create_function(
    fn_id="migrate-records",
    trigger=[inngest.TriggerEvent(event=MIGRATION_STARTED), inngest.TriggerEvent(event=MIGRATION_CONTINUE)],
)
async def migrate_records(ctx: inngest.Context) -> dict:
    migration_id: str = ctx.event.data["migration_id"]
    table: str = ctx.event.data["table"]
    cursor: int = ctx.event.data.get("cursor", 0)
    run_number: int = ctx.event.data.get("run_number", 1)

    for _ in range(settings.batches_per_run):
        # The step id comes from the cursor: stable across replays, and the
        # memoized result *is* the checkpoint (a retry skips finished batches).
        batch = await ctx.step.run(
            f"copy-batch-{cursor}", services.copy_batch, migration_id, table, cursor, settings.batch_size
        )
        if batch["next_cursor"] is None:
            summary = await ctx.step.run("finalize", services.finalize, migration_id)
            return {"migration_id": migration_id, "status": "completed", "run_number": run_number, **summary}
        cursor = batch["next_cursor"]

    # Continue as new: a fresh run (fresh step count) picks up at the cursor.
    await ctx.step.send_event(
        f"continue-from-{cursor}",
        inngest.Event(
            name=MIGRATION_CONTINUE,
            data={"migration_id": migration_id, "table": table, "cursor": cursor, "run_number": run_number + 1},
        ),
    )
    return {"migration_id": migration_id, "status": "continued", "run_number": run_number, "next_cursor": cursor}
# --8<-- [end:migrate]


functions = [migrate_records]
