"""The seed's "Checkpoint Pattern": one run loops over the whole dataset and
writes a progress checkpoint in its own step after every batch.

- Inside a run the checkpoints are redundant: memoized steps already are the
  checkpoint, and a retry never reads the store (get-progress is memoized too).
- They double the steps per batch, and the loop has no bound, so a large table
  runs into the per-run step limit (1,000 by default) and the run fails.
- The store is only read by a *new* run, which nobody starts automatically, and
  the batch processed after the last checkpoint is processed again.

Served by tests/mistakes/test_checkpoint_loop.py.
"""

import logging
from collections import Counter
from dataclasses import dataclass

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="mistake-checkpoint-loop", logger=logging.getLogger("uvicorn"))

MIGRATION_START = "mistake-checkpoint/migration.start"


@dataclass
class Settings:
    batch_size: int = 100


settings = Settings()
ledger: Counter = Counter()  # (migration_id, action) -> count
faults: Counter = Counter()  # (migration_id, action) -> calls that fail first
progress_store: dict[str, dict] = {}  # migration_id -> {"offset", "total"}: the seed's external checkpoint


async def get_migration_progress(migration_id: str) -> dict:
    ledger[(migration_id, "get-progress")] += 1
    return dict(progress_store[migration_id])


async def process_migration_batch(migration_id: str, offset: int, batch_size: int) -> dict:
    action = f"process-batch-{offset}"
    if faults[(migration_id, action)] > 0:
        faults[(migration_id, action)] -= 1
        raise RuntimeError(f"{action} failed (injected)")
    ledger[(migration_id, action)] += 1
    return {"processed": batch_size}


async def save_migration_progress(migration_id: str, offset: int) -> None:
    ledger[(migration_id, "checkpoint")] += 1
    progress_store[migration_id]["offset"] = offset


# --8<-- [start:wrong]
# WRONG: unbounded loop in one run, and a checkpoint step per batch that memoization already provides
@inngest_client.create_function(fn_id="migrate-large-dataset", trigger=inngest.TriggerEvent(event=MIGRATION_START))
async def migrate_dataset(ctx: inngest.Context) -> dict:
    migration_id = ctx.event.data["migration_id"]
    batch_size = settings.batch_size

    progress = await ctx.step.run("get-progress", get_migration_progress, migration_id)
    offset = progress.get("offset", 0)
    total = progress.get("total", 0)

    while offset < total:
        await ctx.step.run(f"process-batch-{offset}", process_migration_batch, migration_id, offset, batch_size)
        offset += batch_size
        await ctx.step.run(f"checkpoint-{offset}", save_migration_progress, migration_id, offset)

    return {"status": "completed", "records_processed": total}
# --8<-- [end:wrong]


functions = [migrate_dataset]

app = FastAPI(title="mistake: checkpoint loop")
inngest.fast_api.serve(app, inngest_client, functions)
