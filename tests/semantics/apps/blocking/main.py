"""A blocking call (time.sleep, a sync client) in an async step vs in a sync function."""

import threading
import time
from types import SimpleNamespace

import inngest
import inngest.fast_api
from fastapi import FastAPI

inngest_client = inngest.Inngest(app_id="semantics-blocking")

ASYNC_BLOCKS = "semantics-blocking/async.requested"
SYNC_BLOCKS = "semantics-blocking/sync.requested"

settings = SimpleNamespace(block_s=2.0)
started: dict[str, threading.Event] = {}  # job_id -> set when its step begins


def blocking_call(job_id: str) -> dict:
    started.setdefault(job_id, threading.Event()).set()
    time.sleep(settings.block_s)  # stands for any blocking I/O: requests, a sync DB driver
    return {"job_id": job_id}


@inngest_client.create_function(fn_id="async-blocks", trigger=inngest.TriggerEvent(event=ASYNC_BLOCKS), retries=0)
async def async_blocks(ctx: inngest.Context) -> dict:
    # WRONG on purpose: a plain `def` handler given to step.run in an async
    # function is called on the event loop (not in a thread) and blocks it.
    return await ctx.step.run("block", blocking_call, ctx.event.data["job_id"])


@inngest_client.create_function(fn_id="sync-blocks", trigger=inngest.TriggerEvent(event=SYNC_BLOCKS), retries=0)
def sync_blocks(ctx: inngest.ContextSync) -> dict:
    # A sync function runs in the SDK's thread pool, off the event loop.
    return ctx.step.run("block", blocking_call, ctx.event.data["job_id"])


functions = [async_blocks, sync_blocks]
app = FastAPI(title="semantics: blocking handlers")


@app.get("/ping")
async def ping() -> dict:
    return {"ok": True}


inngest.fast_api.serve(app, inngest_client, functions)
